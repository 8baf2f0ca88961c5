internal import CPrintf

/// A number with a fixed count of decimals, as C's printf writes it (`%.3f`):
/// what `String(format:)` gives without a locale, without the start-up of
/// Foundation's formatter (a tenth of a search's instructions through the
/// daemon), and through CPrintf, not a variadic call (see CPrintf.h).
extension Double {
    public func fixedPoint(decimals: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = gz_print_fixed(&buffer, buffer.count, Int32(decimals), self)
        if length >= buffer.count {  // a huge number: its digits all written
            buffer = [CChar](repeating: 0, count: Int(length) + 1)
            length = gz_print_fixed(&buffer, buffer.count, Int32(decimals), self)
        }
        return String(decoding: buffer.prefix(max(0, Int(length))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
