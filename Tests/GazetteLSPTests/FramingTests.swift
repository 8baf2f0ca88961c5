import Foundation
@testable import GazetteLSP
import Testing

@Suite struct FramingTests {
    let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#
    let shutdown = #"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#

    @Test(arguments: [1, 3, 64 * 1024])
    func wellFormedFramesArriveWholeHoweverTheBytesAreSplit(chunk: Int) {
        let bytes = framed(initialize) + Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n".utf8)
            + framed(shutdown)
        #expect(frames(bytes, chunk: chunk) == [.message(Array(initialize.utf8)), .message(Array(shutdown.utf8)), .end])
    }

    @Test func headerNamesAreCaseInsensitiveAndBareNewlinesAreTolerated() {
        let bytes = Array("content-length: \(shutdown.utf8.count)\n\n\(shutdown)".utf8)
        #expect(frames(bytes) == [.message(Array(shutdown.utf8)), .end])
    }

    @Test func aMissingContentLengthIsReportedAndTheNextFrameStillArrives() {
        let bytes = Array("Content-Type: application/json\r\n\r\n\(initialize)".utf8) + framed(shutdown)
        let read = frames(bytes)
        #expect(read.count == 3)
        #expect(read.first == .malformed("a message without a Content-Length header", reply: true))
        #expect(read.dropFirst().first == .message(Array(shutdown.utf8)))
    }

    @Test func aBodyWithNoHeaderAtAllIsReported() {
        let read = frames(Array("\(initialize)\r\n\r\n".utf8) + framed(shutdown))
        #expect(read.count == 3)
        guard case let .malformed(reason, reply) = read[0] else { Issue.record("\(read)"); return }
        #expect(reason.hasPrefix("not a header line"))
        #expect(reply)
        #expect(read[1] == .message(Array(shutdown.utf8)))
    }

    @Test func aShortContentLengthGetsOneErrorAndTheRestOfTheBodyIsSkipped() {
        let bytes = Array("Content-Length: 10\r\n\r\n\(initialize)".utf8) + framed(shutdown)
        let read = frames(bytes)
        // The error for the truncated body; its tail is dropped quietly (one reply per bad message).
        #expect(read.count == 4)
        #expect(read.first == .malformed("the message is not valid JSON (10 bytes)", reply: true))
        guard case .malformed(_, reply: false) = read[1] else { Issue.record("\(read)"); return }
        #expect(read[2] == .message(Array(shutdown.utf8)))
    }

    @Test func aLongContentLengthSwallowsTheNextFrameWhichIsRecovered() {
        let third = #"{"jsonrpc":"2.0","method":"exit"}"#
        let bytes = Array("Content-Length: \(initialize.utf8.count + 30)\r\n\r\n\(initialize)".utf8)
            + framed(shutdown) + framed(third)
        let read = frames(bytes)
        #expect(read == [.malformed("the message is not valid JSON (\(initialize.utf8.count + 30) bytes)", reply: true),
                         .message(Array(shutdown.utf8)), .message(Array(third.utf8)), .end])
    }

    @Test func invalidJSONAndInvalidUTF8AreReported() {
        let read = frames(framed("{not json") + Array("Content-Length: 4\r\n\r\n".utf8) + [0x22, 0xFF, 0xFE, 0x22]
            + framed(shutdown))
        #expect(read == [.malformed("the message is not valid JSON (9 bytes)", reply: true),
                         .malformed("the message is not valid UTF-8", reply: true),
                         .message(Array(shutdown.utf8)), .end])
    }

    /// Any JSON number is an id, even one no Swift number type holds.
    @Test func messagesWithHugeNumbersAreMessages() {
        for id in ["1e400", "-0", "1E+2", "12345678901234567890123"] {
            let body = #"{"jsonrpc":"2.0","id":"# + id + #","method":"shutdown"}"#
            #expect(frames(framed(body)) == [.message(Array(body.utf8)), .end], "\(id)")
        }
    }

    @Test func badLengthsAreReported() {
        for header in ["Content-Length: twelve", "Content-Length: -4", "Content-Length: ", "Content-Length: 99999999999"] {
            let read = frames(Array("\(header)\r\n\r\n{}".utf8) + framed(shutdown))
            #expect(read.count == 3, "\(header)")
            guard case let .malformed(reason, reply: true) = read[0] else { Issue.record("\(header): \(read)"); continue }
            #expect(reason.contains("Content-Length"), "\(header): \(reason)")
            #expect(read[1] == .message(Array(shutdown.utf8)), "\(header)")
        }
        let huge = frames(Array("Content-Length: 999999999\r\n\r\n{}".utf8))
        #expect(huge == [.malformed("Content-Length 999999999 is over the limit of \(FrameReader.maxContentLength) bytes", reply: true), .end])
    }

    @Test func anEndlessHeaderIsCutOff() {
        let read = frames(Array(repeating: UInt8(ascii: "x"), count: FrameReader.maxHeaderBytes + 10) + framed(shutdown), chunk: 4096)
        #expect(read.count == 3)
        #expect(read[1] == .message(Array(shutdown.utf8)))
    }

    @Test func inputEndingInsideAFrameEndsTheStream() {
        #expect(frames(Array("Content-Length: 50\r\n\r\n{\"jsonrpc\"".utf8))
            == [.malformed("the input ended after 10 of the 50 bytes its Content-Length announced", reply: true), .end])
        #expect(frames(Array("Content-Length: 50\r\n".utf8))
            == [.malformed("the input ended inside a message header", reply: true), .end])
        #expect(frames([]) == [.end])
        #expect(frames(Array("\r\n\r\n".utf8)) == [.end])
    }

    @Test func theSinkWritesAFrameTheReaderReads() throws {
        let pipe = Pipe()
        let sink = FileDescriptorSink(fd: pipe.fileHandleForWriting.fileDescriptor)
        #expect(sink.send(Array(shutdown.utf8)))
        try pipe.fileHandleForWriting.close()
        let reader = FrameReader(source: FileDescriptorSource(fd: pipe.fileHandleForReading.fileDescriptor))
        #expect(reader.next() == .message(Array(shutdown.utf8)))
        #expect(reader.next() == .end)
    }
}

@Suite struct TextPositionTests {
    // "Émigrés 🚀 said": É and é are 2 bytes and 1 UTF-16 unit; 🚀 is 4 bytes and 2 units.
    let line = "Émigrés 🚀 said the ceasefire held"

    @Test func bytesAndCharactersConvertBothWays() {
        let byte = Array(line.utf8).count - "ceasefire held".utf8.count
        #expect(byte == 24)
        #expect(TextPositions.character(ofByte: byte, inLine: line, encoding: .utf16) == 20)
        #expect(TextPositions.character(ofByte: byte, inLine: line, encoding: .utf8) == 24)
        #expect(TextPositions.byteOffset(ofCharacter: 20, inLine: line, encoding: .utf16) == 24)
        #expect(TextPositions.byteOffset(ofCharacter: 24, inLine: line, encoding: .utf8) == 24)
        // Inside the rocket's surrogate pair: its start. Past the end: the end.
        #expect(TextPositions.byteOffset(ofCharacter: 9, inLine: line, encoding: .utf16) == 10)
        #expect(TextPositions.byteOffset(ofCharacter: 500, inLine: line, encoding: .utf16) == line.utf8.count)
    }

    @Test func linesEndAtAnyLineEnd() {
        #expect(TextPositions.line(0, of: "a\r\nb\rc\nd") == "a")
        #expect(TextPositions.line(1, of: "a\r\nb\rc\nd") == "b")
        #expect(TextPositions.line(3, of: "a\r\nb\rc\nd") == "d")
        #expect(TextPositions.line(4, of: "a\r\nb\rc\nd") == nil)
        #expect(TextPositions.line(1, of: "a\n") == "")
    }

    @Test func rangedEditsApplyInTheNegotiatedEncoding() {
        let text = "Émigrés 🚀 said\nthe ceasefire held\n"
        let range = TextRange(start: Position(line: 0, character: 11), end: Position(line: 0, character: 15))
        #expect(TextPositions.apply("wrote", range: range, to: text, encoding: .utf16) == "Émigrés 🚀 wrote\nthe ceasefire held\n")
        #expect(TextPositions.apply("all new", range: nil, to: text, encoding: .utf16) == "all new")
        let backwards = TextRange(start: Position(line: 1, character: 0), end: Position(line: 0, character: 0))
        #expect(TextPositions.apply("x", range: backwards, to: text, encoding: .utf16) == nil)
    }
}

@Suite struct NameCandidateTests {
    func names(_ line: String, at word: String, offset: Int = 1) -> [String] {
        let start = line.range(of: word)!.lowerBound
        return NameCandidates.around(byte: line.utf8.distance(from: line.startIndex, to: start) + offset, inLine: line)
            .map(\.text)
    }

    @Test func theLongestRunOfCapitalisedWordsComesFirst() {
        let line = "Russia’s President, Vladimir Putin, also addressed the crowd."
        #expect(names(line, at: "Putin") == ["Vladimir Putin", "Putin"])
        #expect(names(line, at: "Vladimir") == ["Vladimir Putin", "Vladimir"])
        // The possessive is not part of the name, and a comma ends a name.
        #expect(names(line, at: "Russia") == ["Russia"])
        #expect(names(line, at: "President") == ["President"])
        #expect(names(line, at: "addressed").isEmpty)
    }

    @Test func connectorsJoinNamesButNeverEndThem() {
        let line = "a rate rise by the Bank of Japan surprised markets"
        #expect(names(line, at: "of") == ["Bank of Japan"])
        #expect(names(line, at: "Japan") == ["Bank of Japan", "Japan"])
    }

    @Test func shortCodesCountOnlyInCapitalsInsideOrdinaryText() {
        #expect(names("officials in the US said", at: "US") == ["US"])
        // In a headline in capitals, "AND" is no country code (Andorra's), "KYIV" may be a name.
        let headline = "MOSCOW AND KYIV TALK PEACE AT LAST"
        #expect(!names(headline, at: "AND").contains("AND"))
        #expect(names(headline, at: "KYIV").last == "KYIV")
        #expect(names(headline, at: "KYIV").first?.split(separator: " ").count == NameCandidates.maxWords)
        #expect(names("the U.S. embassy", at: "U.S.") == ["U.S."])
    }

    @Test func theRangeCoversTheNameOnly() {
        let line = "Émigrés 🚀 met Xi Jinping’s envoy"
        let start = line.utf8.count - "Xi Jinping’s envoy".utf8.count
        let found = NameCandidates.around(byte: start + 4, inLine: line)
        #expect(found.first?.text == "Xi Jinping")
        #expect(found.first?.bytes == start..<(start + "Xi Jinping".utf8.count))
        // A cursor just after a word still finds it.
        #expect(NameCandidates.around(byte: start + "Xi Jinping".utf8.count, inLine: line).first?.text == "Xi Jinping")
    }
}
