/// The actor tagger's weights, read once from `Config/gazetteer/actor-tagger.bin`
/// (written by `Config/scripts/train-actor-tagger.py`; the format is section 6
/// of `Config/scripts/actor-tagger.md`). Immutable after loading.
final class TaggerModel: Sendable {
    /// The tags, in the weight file's column order.
    static let tagCount = 9
    static let magic: [UInt8] = Array("GZAT".utf8)
    static let version: UInt32 = 1
    static let int8Codes: UInt32 = 1
    static let storyMemoryFeature: UInt32 = 1
    static let featureSeed: UInt64 = 0x7F4A_7C15_9E37_79B9
    static let headerBytes = 40
    static let decodeEntries = 256

    /// Rows are feature ids: `id & rowMask`.
    let rowMask: UInt64
    /// `rows x tagCount` int8 codes; a code's weight is `decode[code + 128]`.
    let weights: [Int8]
    let decode: [Float]
    /// How often running news writes a word capitalised mid-sentence: token
    /// hash -> bucket 1-4 (absent: 0).
    let caseStatistics: HashMap64
    /// Template 44 ("what the story called this word before") is on.
    let storyMemory: Bool

    init(rowMask: UInt64, weights: [Int8], decode: [Float], caseStatistics: HashMap64, storyMemory: Bool) {
        self.rowMask = rowMask
        self.weights = weights
        self.decode = decode
        self.caseStatistics = caseStatistics
        self.storyMemory = storyMemory
    }

    /// Reads and checks a weight file; anything unexpected is a
    /// `GazetteerError` naming the file.
    static func load(path: String) throws -> TaggerModel {
        let data = try readBytes(path)
        func bad(_ message: String) -> GazetteerError {
            GazetteerError(file: path, line: 0, message: message + " (rebuild it with Config/scripts/train-actor-tagger.py)")
        }
        guard data.count >= headerBytes, Array(data[0..<4]) == magic else { throw bad("not an actor tagger weight file") }
        func u32(_ at: Int) -> UInt32 {
            UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24
        }
        func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) | UInt64(u32(at + 4)) << 32 }
        guard u32(4) == version else { throw bad("weight file version \(u32(4)), expected \(version)") }
        let bits = Int(u32(8))
        guard bits >= 8 && bits <= 24 else { throw bad("\(bits)-bit feature table, expected 8 to 24") }
        guard u32(12) == UInt32(tagCount) else { throw bad("\(u32(12)) tags, expected \(tagCount)") }
        guard u32(16) == int8Codes else { throw bad("unknown quantisation \(u32(16))") }
        guard u64(32) == featureSeed else { throw bad("features hashed with another seed") }
        let caseEntries = Int(u32(24))
        let tableStart = headerBytes + 4 * decodeEntries
        let padding = (8 - (tableStart + 9 * caseEntries) % 8) % 8
        let weightsStart = tableStart + 9 * caseEntries + padding
        let expected = weightsStart + (1 << bits) * tagCount
        guard caseEntries < 1 << 24, data.count == expected else {
            throw bad("\(data.count) bytes, expected \(expected) for its header")
        }
        var decode = [Float](repeating: 0, count: decodeEntries)
        for k in 0..<decodeEntries { decode[k] = Float(bitPattern: u32(headerBytes + 4 * k)) }
        var caseStatistics = HashMap64(capacity: caseEntries)
        for k in 0..<caseEntries {
            caseStatistics.set(u64(tableStart + 8 * k), Int32(data[tableStart + 8 * caseEntries + k]))
        }
        let weights = data[weightsStart...].withUnsafeBytes { Array($0.bindMemory(to: Int8.self)) }
        return TaggerModel(rowMask: UInt64(1 << bits) - 1, weights: weights, decode: decode,
                           caseStatistics: caseStatistics, storyMemory: u32(20) & storyMemoryFeature != 0)
    }
}
