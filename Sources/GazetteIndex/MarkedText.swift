/// Text as Xapian's snippet function returns it for Gazette: each matched
/// word between two marker bytes, and `<`, `>` and `&` escaped as HTML
/// entities. Snippets and match locations both read it through `scan`.
enum MarkedText {
    static let start = "\u{1}"
    static let end = "\u{2}"
    static let openByte: UInt8 = 0x01
    static let closeByte: UInt8 = 0x02

    enum Piece {
        /// A match starts here.
        case open
        /// The match that started last ends here.
        case close
        /// One byte of the text, entities undone: each stands for one byte of the original.
        case byte(UInt8)
    }

    /// Calls `body` with each marker and each byte of the text, in order.
    @inline(__always)
    static func scan(_ marked: String, _ body: (Piece) -> Void) {
        var marked = marked
        marked.withUTF8 { scan($0, body) }
    }

    @inline(__always)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Piece) -> Void) {
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case openByte: body(.open); i += 1
            case closeByte: body(.close); i += 1
            case 0x26:  // '&': the three entities Xapian writes
                if let (byte, length) = entity(in: bytes, at: i) {
                    body(.byte(byte))
                    i += length
                } else {
                    body(.byte(0x26))
                    i += 1
                }
            case let byte:
                body(.byte(byte))
                i += 1
            }
        }
    }

    private static let entities: [(text: [UInt8], byte: UInt8)] = [
        (Array("&lt;".utf8), 0x3C), (Array("&gt;".utf8), 0x3E), (Array("&amp;".utf8), 0x26),
    ]

    /// The byte an entity at `i` stands for, and the entity's length; nil when none starts there.
    static func entity(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt8, Int)? {
        for entity in entities where bytes[i...].starts(with: entity.text) {
            return (entity.byte, entity.text.count)
        }
        return nil
    }
}
