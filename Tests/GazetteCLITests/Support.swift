#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GazetteWire

/// Runs the built `gazette` (or `gazetted`) binary and captures what it prints.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum Binaries {
    /// The folder SwiftPM builds products into: the test runner lives there too.
    static let products: String = {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return (runner as NSString).deletingLastPathComponent
    }()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let shared = (repository as NSString).deletingLastPathComponent + "/shared"
}

/// Runs `gazette` with these arguments.
@discardableResult
func run(_ arguments: [String], cwd: String? = nil, environment: [String: String] = [:],
         stdin: String? = nil, timeout: TimeInterval = 120) throws -> Run {
    try runBinary("gazette", arguments, cwd: cwd, environment: environment, stdin: stdin, timeout: timeout)
}

@discardableResult
func runBinary(_ binary: String, _ arguments: [String], cwd: String? = nil,
         environment: [String: String] = [:], stdin: String? = nil, timeout: TimeInterval = 120) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary.hasPrefix("/") ? binary : Binaries.products + "/" + binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: cwd ?? Binaries.repository)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes while the process runs, so a full pipe never blocks it.
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    if group.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        throw TimedOut(arguments: arguments)
    }
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: errData, as: UTF8.self))
}

struct TimedOut: Error, CustomStringConvertible {
    let arguments: [String]
    var description: String { "timed out: \(arguments.joined(separator: " "))" }
}

/// A new folder in the temporary directory, removed when the test process
/// exits (the suites are structs: no deinit to remove it, and a run of the
/// CLI tests made about forty of them).
func temporaryFolder(_ name: String = "cli") throws -> String {
    let path = NSTemporaryDirectory() + "gazette-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    TemporaryFolders.shared.add(path)
    return path
}

private final class TemporaryFolders: @unchecked Sendable {
    static let shared: TemporaryFolders = {
        atexit { TemporaryFolders.shared.removeAll() }
        return TemporaryFolders()
    }()

    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) { lock.withLock { paths.append(path) } }

    func removeAll() {
        for path in lock.withLock({ paths }) { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// Waits until something listens on the Unix socket at `path`: a connect
/// that succeeds, not the socket file (which exists from bind, and stays
/// behind a killed daemon). Gives up when `process` exits or after
/// `seconds`, which is generous because a loaded machine can take long to
/// start a process; a daemon that is up returns at once.
func waitUntilListening(_ path: String, process: Process, seconds: Double = 180) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !SocketProbe.isListening(socketPath: path) {
        guard process.isRunning, Date() < deadline else {
            throw DaemonNotReady(path: path, exited: !process.isRunning)
        }
        usleep(20_000)
    }
}

struct DaemonNotReady: Error, CustomStringConvertible {
    let path: String
    let exited: Bool
    var description: String { exited ? "the daemon exited before listening on \(path)" : "nothing listens on \(path)" }
}
