import GazetteWire
import NIOCore
import NIOEmbedded
import Testing

@Suite struct LineFrameDecoderTests {
    func lines(_ chunks: [String], max: Int = 16, close: Bool = true) throws -> [String] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maxLength: max)))
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(string: chunk))
        }
        if close { _ = try channel.finish() }
        var out: [String] = []
        while let frame = try channel.readInbound(as: InboundLine.self) {
            switch frame {
            case let .line(buffer): out.append(String(buffer: buffer))
            case let .tooLong(length): out.append("<too long: \(length)>")
            }
        }
        return out
    }

    @Test func splitsAtNewlinesAcrossChunks() throws {
        #expect(try lines(["a\nb", "c\r\n", "\nd\n"]) == ["a", "bc", "", "d"])
    }

    @Test func anOverlongLineIsReportedOnceAndTheStreamGoesOn() throws {
        #expect(try lines(["0123456789abcdefXYZ\nok\n"]) == ["<too long: 19>", "ok"])
        // Arriving in pieces, with no newline yet: reported as soon as it passes the limit.
        let pieces = try lines(["0123456789", "abcdefghij", "klmnop", "qr\nnext\n"])
        #expect(pieces.count == 2)
        #expect(pieces.first?.hasPrefix("<too long:") == true)
        #expect(pieces.last == "next")
    }

    @Test func aLastLineWithoutNewlineCountsAtClose() throws {
        #expect(try lines(["one\ntwo"]) == ["one", "two"])
        #expect(try lines(["one\n   "]) == ["one"])
    }
}
