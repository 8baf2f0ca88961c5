#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MCP
import SystemPackage
import Testing

/// The folder SwiftPM builds products into (the test runner's), and the repository.
enum Built {
    static let products: String = {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (runner as NSString).deletingLastPathComponent
    }()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// What one run of the `gazette` CLI printed.
struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs `gazette` in `cwd` with `environment` added and `stdin` as its
    /// input; output goes through files, so a full pipe never blocks it.
    init(_ arguments: [String], cwd: String, environment: [String: String], stdin: Data? = nil,
         executable: String = Built.products + "/gazette") throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let files = (out: cwd + "/.cli-\(UUID().uuidString).out", err: cwd + "/.cli-\(UUID().uuidString).err")
        defer { for file in [files.out, files.err] { try? FileManager.default.removeItem(atPath: file) } }
        for file in [files.out, files.err] { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        process.standardOutput = FileHandle(forWritingAtPath: files.out)
        process.standardError = FileHandle(forWritingAtPath: files.err)
        let input = cwd + "/.cli-\(UUID().uuidString).in"
        defer { try? FileManager.default.removeItem(atPath: input) }
        _ = FileManager.default.createFile(atPath: input, contents: stdin ?? Data())
        process.standardInput = FileHandle(forReadingAtPath: input)
        try process.run()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = try String(contentsOfFile: files.out, encoding: .utf8)
        stderr = try String(contentsOfFile: files.err, encoding: .utf8)
    }
}

/// `gazette mcp` as a child process, with the MCP Swift SDK's client talking
/// to it over a pair of pipes.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let client = Client(name: "gazette-tests", version: "1.0")
    private(set) var initialized: Initialize.Result?
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var errorBytes = Data()
    private let drained = DispatchGroup()
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable` (the built gazette) with `arguments` ("mcp" first).
    init(executable: String = Built.products + "/gazette", _ arguments: [String], cwd: String,
         environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
        drained.enter()
        DispatchQueue.global().async { [self] in
            while true {
                let data = errors.fileHandleForReading.availableData
                if data.isEmpty { break }
                lock.withLock { errorBytes += data }
            }
            drained.leave()
        }
    }

    /// Connects the client: the SDK sends initialize and initialized.
    func connect() async throws {
        let transport = StdioTransport(input: FileDescriptor(rawValue: output.fileHandleForReading.fileDescriptor),
                                       output: FileDescriptor(rawValue: input.fileHandleForWriting.fileDescriptor))
        initialized = try await client.connect(transport: transport)
    }

    var stderr: String { String(decoding: lock.withLock { errorBytes }, as: UTF8.self) }

    /// Calls a tool; returns its text and whether it was flagged as an error.
    func call(_ tool: String, _ arguments: [String: Value]? = nil) async throws -> (text: String, isError: Bool) {
        let (content, isError) = try await client.callTool(name: tool, arguments: arguments)
        let texts = content.compactMap { item -> String? in
            if case let .text(text, _, _) = item { return text }
            return nil
        }
        guard texts.count == 1 else { throw TestFailure("\(tool): expected one text item, got \(content)") }
        return (texts[0], isError ?? false)
    }

    /// Calls a tool that must succeed and answer JSON.
    func json(_ tool: String, _ arguments: [String: Value]? = nil) async throws -> [String: Any] {
        let (text, isError) = try await call(tool, arguments)
        guard !isError else { throw TestFailure("\(tool) failed: \(text)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestFailure("\(tool): not a JSON object: \(text)")
        }
        return object
    }

    /// Ends the session as a client does, by closing the server's input; the
    /// exit status (a server still running after 60 s is killed and fails the test).
    func finish() async throws -> Int32 {
        await client.disconnect()
        try input.fileHandleForWriting.close()
        guard exited.wait(timeout: .now() + 60) == .success else {
            kill(process.processIdentifier, SIGKILL)
            throw TestFailure("gazette mcp did not exit within 60 s of its input ending; stderr: \(stderr)")
        }
        _ = drained.wait(timeout: .now() + 30)
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
