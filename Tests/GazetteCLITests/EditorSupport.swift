import Foundation

/// Invented articles (and the seed, copied at run time) in a scratch folder,
/// indexed with `gazette index --index`, for the editor-facing tests.
final class EditorCorpus {
    let folder: String
    let index: String
    var articles: String { folder + "/articles" }

    static let files: [String: String] = [
        "harbour.txt": """
            Harbour Strike Ends

            Dock workers in Rotterdam ended their strike on Friday after a pay deal.
              \tThe port of Rotterdam reopened to container ships on Saturday.\t\u{20}\u{20}
            """,
        "cafe.txt": """
            Café Owners Protest

            In Zürich, café owners protested against the new tax on terraces.
            """,
        "gone.txt": """
            Lighthouse Keeper Retires

            The last lighthouse keeper of the island retired this week.
            """,
    ]

    init(name: String = "editors") throws {
        folder = try temporaryFolder(name)
        index = folder + "/index"
        try FileManager.default.createDirectory(atPath: articles, withIntermediateDirectories: true)
        for (file, text) in Self.files {
            try (text + "\n").write(toFile: articles + "/" + file, atomically: true, encoding: .utf8)
        }
        try FileManager.default.copyItem(atPath: Binaries.repository + "/seeds/000_e3109c2dbdf02a4d.txt",
                                         toPath: articles + "/seed.txt")
        let built = try run(["index", articles, "--index", index])
        guard built.status == 0 else { throw EditorTestFailure("indexing the test articles: \(built.stderr)") }
    }

    /// Line `number` (1-based) of an article, as the file has it.
    func line(_ number: Int, of file: String) throws -> String {
        let text = try String(contentsOfFile: articles + "/" + file, encoding: .utf8)
        return String(text.split(separator: "\n", omittingEmptySubsequences: false)[number - 1])
    }

    /// Environment for a child that must find the built gazette and no daemon.
    var environment: [String: String] {
        ["PATH": Binaries.products + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
         "XDG_RUNTIME_DIR": folder, "HOME": folder]
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

struct EditorTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The editor program on PATH; a missing one fails the test with the fix.
func editor(_ name: String, package: String) throws -> String {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw EditorTestFailure("\(name) is not installed: run .ci/setup (it installs Debian's \(package))")
}

/// One `path:line:column:text` line, split as Vim's %f:%l:%c:%m would.
struct VimgrepLine: Equatable {
    let path: String
    let line: Int
    let column: Int
    let text: String

    init?(_ raw: Substring) {
        let parts = raw.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let line = Int(parts[1]), let column = Int(parts[2]) else { return nil }
        path = String(parts[0])
        self.line = line
        self.column = column
        text = String(parts[3])
    }

    init(path: String, line: Int, column: Int, text: String) {
        self.path = path
        self.line = line
        self.column = column
        self.text = text
    }
}
