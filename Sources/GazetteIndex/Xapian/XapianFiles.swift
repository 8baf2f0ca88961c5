import Foundation

/// The files of a Xapian (glass) database that Gazette has to know by name.
enum XapianFiles {
    /// Holds the write lock; belongs to the folder, never moved.
    static let lock = "flintlock"
    /// The version file: a reader sees a database once it is in place.
    static let version = "iamglass"
}
