import Foundation
import GazetteProtocol

extension LanguageServer {
    // MARK: workspace/symbol

    /// Articles matching `query` (Gazette's query syntax), each at its best match.
    func symbols(matching query: String) async throws -> [SymbolInformation] {
        let response = try await source.search(SearchParams(query: query, limit: options.symbolLimit,
                                                            snippets: false, locate: true))
        var symbols: [SymbolInformation] = []
        for hit in response.hits {
            guard let path = hit.path, let match = hit.match, hit.sourceMissing != true else {
                log("skipped \(hit.path ?? hit.id): " + (hit.path == nil ? "the article has no file" : "its file is gone"))
                continue
            }
            let line = max(0, match.line - 1)
            let startByte = max(0, match.column - 1)
            let endByte = match.ranges.first { $0.count == 2 && $0[0] == startByte }?[1] ?? startByte
            let range = TextRange(
                start: Position(line: line, character: TextPositions.character(ofByte: startByte, inLine: match.text, encoding: encoding)),
                end: Position(line: line, character: TextPositions.character(ofByte: endByte, inLine: match.text, encoding: encoding)))
            let container = ([hit.date].compactMap { $0 } + [hit.countries.prefix(3).joined(separator: ", ")])
                .filter { !$0.isEmpty }.joined(separator: " · ")
            symbols.append(SymbolInformation(name: hit.title, kind: 1, location: Location(uri: Self.fileURI(path), range: range),
                                             containerName: container.isEmpty ? nil : container))
        }
        return symbols
    }

    public static func fileURI(_ path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
