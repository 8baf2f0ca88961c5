#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The folder an index lives in, and who may read what is written there.
/// An index holds the text of every article it took in, so by default it is
/// as private as the most private of them: only its owner can read it.
public enum IndexFolder {
    public enum Access: Sendable, Equatable {
        /// Folders created 0700, files 0600: the process's umask is set to 077.
        case owner
        /// Folders and files as the process's umask makes them (0755 and 0644 with the usual 022).
        case umask
    }

    /// Makes the index's folder (and missing parents) ready for writing:
    /// the folders it creates get the mode `access` asks for, and files
    /// written from now on too (Xapian creates its files with the process's
    /// umask, so for `.owner` the umask becomes 077, for the whole process).
    /// A folder that exists is left as it is.
    public static func prepare(_ path: String, access: Access) throws(IndexError) {
        if access == .owner { umask(0o077) }
        try create(path, mode: access == .owner ? 0o700 : 0o777)
    }

    /// Creates `path` and its missing parents with `mode` (less the umask);
    /// an error names the folder, the cause and the fix.
    static func create(_ path: String, mode: mode_t) throws(IndexError) {
        var missing: [String] = []
        var folder = path
        var info = stat()
        while !folder.isEmpty && folder != "/" && stat(folder, &info) != 0 {
            guard errno == ENOENT else { throw problem(path, at: folder, errno) }
            missing.append(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        if missing.isEmpty && (info.st_mode & S_IFMT) != S_IFDIR {
            throw IndexError(code: .folder, message: "cannot use \(path) as the index folder: it is not a folder",
                             context: path)
        }
        for folder in missing.reversed() {
            guard mkdir(folder, mode) == 0 || errno == EEXIST else { throw problem(path, at: folder, errno) }
        }
    }

    private static func problem(_ path: String, at folder: String, _ code: Int32) -> IndexError {
        let place = folder == path ? "" : " (at \(folder))"
        return IndexError(code: .folder, message: "cannot create the index folder \(path): \(cause(code))\(place)",
                          context: path)
    }

    /// A short cause for an errno, for one-line errors.
    public static func cause(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case EROFS: "the file system is read-only"
        case ENOSPC, EDQUOT: "no space left"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// The cause of a Foundation file error in a few words (its POSIX error
    /// when it has one), rather than its multi-part description.
    public static func cause(of error: any Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return cause(Int32(posix.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return cause(Int32(ns.code)) }
        return ns.localizedDescription
    }
}
