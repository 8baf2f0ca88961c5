#if canImport(Glibc)
import Glibc
#endif

/// A number with a fixed count of decimals, as C's printf writes it (`%.3f`):
/// what `String(format:)` gives without a locale, without the start-up of
/// Foundation's formatter, which cost a through-the-daemon search a tenth of
/// its instructions.
extension Double {
    public func fixedPoint(decimals: Int) -> String {
        let format = "%.\(decimals)f"
        var buffer = [CChar](repeating: 0, count: 64)
        var length = withVaList([self]) { vsnprintf(&buffer, buffer.count, format, $0) }
        if length >= buffer.count {  // a huge number: its digits all written
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
            length = withVaList([self]) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(decoding: buffer.prefix(max(0, Int(length))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
