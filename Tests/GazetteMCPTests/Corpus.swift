import Foundation

/// Invented articles (and the seed, copied at run time) in a scratch folder,
/// indexed with `gazette index --index`: dated ones for ranges, actors and
/// countries for facets, and one longer than an MCP reply's text.
final class Corpus: @unchecked Sendable {
    let folder: String
    var articles: String { folder + "/articles" }
    var index: String { folder + "/index" }

    static let files: [String: String] = [
        "opec.md": """
            ---
            title: OPEC Holds Oil Output Steady
            date: 2024-03-04
            ---
            Ministers of the Organization of Petroleum Exporting Countries agreed in Vienna to keep oil \
            output unchanged. Saudi Arabia said the market was balanced; Russia backed the decision.
            """,
        "imf.md": """
            ---
            title: IMF Approves Loan for Argentina
            date: 2024-03-12
            ---
            The International Monetary Fund approved a new loan for Argentina. Buenos Aires hopes higher \
            oil and grain exports will restore its reserves. The IMF asked for lower subsidies.
            """,
        "rail.md": """
            ---
            title: Rail Strike Halts Trains Across France
            date: 2024-04-02
            ---
            A rail strike stopped most trains in France on Tuesday. Unions in Paris protested against the \
            pension plan; fuel prices and oil imports were not on the table.
            """,
        "yen.md": """
            ---
            title: Yen Falls as the Bank of Japan Holds Rates
            date: 2024-04-20
            ---
            The yen fell after the Bank of Japan left rates unchanged in Tokyo. A weaker currency raises \
            Japan's oil import bill, traders said.
            """,
        "harbour.txt": """
            Harbour Strike Ends

            Dock workers in Rotterdam ended their strike on Friday after a pay deal in the Netherlands.
            """,
    ]

    /// An article whose text is longer than one reply holds.
    static let longFile = "report.md"
    static let longParagraphs = 500

    init(name: String) throws {
        folder = NSTemporaryDirectory() + "gazette-mcp-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: articles, withIntermediateDirectories: true)
        for (file, text) in Self.files {
            try (text + "\n").write(toFile: articles + "/" + file, atomically: true, encoding: .utf8)
        }
        let paragraphs = (1...Self.longParagraphs).map { n in
            "Paragraph \(n): the World Bank reviewed oil markets in region \(n % 7), where demand grew by \(n % 13) per cent."
        }
        let report = "---\ntitle: World Bank Reviews Oil Markets\ndate: 2024-05-01\n---\n" + paragraphs.joined(separator: "\n\n")
        try (report + "\n").write(toFile: articles + "/" + Self.longFile, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Built.repository + "/seeds/000_e3109c2dbdf02a4d.txt",
                                         toPath: articles + "/seed.txt")
        let built = try cli(["index", articles, "--index", index])
        guard built.status == 0 else { throw TestFailure("indexing the test articles: \(built.stderr)") }
    }

    /// The article id of a file in the corpus.
    func id(_ file: String) -> String { "articles/" + file }

    /// No daemon from the machine: a runtime folder of our own.
    var environment: [String: String] { ["XDG_RUNTIME_DIR": folder, "HOME": folder, "NO_COLOR": "1"] }

    /// Runs the `gazette` CLI in the corpus folder.
    func cli(_ arguments: [String]) throws -> CLIRun {
        try CLIRun(arguments, cwd: folder, environment: environment)
    }

    /// Starts `gazette mcp` in the corpus folder and connects the SDK's client.
    func server(_ arguments: [String]? = nil) async throws -> ServerProcess {
        let server = try ServerProcess(["mcp"] + (arguments ?? ["--index", index]), cwd: folder, environment: environment)
        try await server.connect()
        return server
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
