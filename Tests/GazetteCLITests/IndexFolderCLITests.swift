#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The index folder: who may read it, what a run cleans up first, and what a
/// user sees when it cannot be made (issue 14, items 2, 9 and 13).
@Suite struct IndexFolderCLITests {
    /// Runs `gazette` under the usual umask 022 (this test process's own may differ).
    func runWithUsualUmask(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let command = "umask 022; exec \"$0\" \"$@\""
        return try runBinary("/bin/sh", ["-c", command, Binaries.products + "/gazette"] + arguments, environment: environment)
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    /// The folder's mode and its files' modes (the set of them).
    func modes(_ index: String) throws -> (folder: mode_t, files: Set<mode_t>) {
        let names = try FileManager.default.contentsOfDirectory(atPath: index)
        return (mode(index), Set(names.map { mode(index + "/" + $0) }))
    }

    @Test func anIndexIsPrivateByDefault() throws {
        let folder = try temporaryFolder("private")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = folder + "/deeper/index"
        let built = try runWithUsualUmask(["index", "seeds", "--index", index])
        #expect(built.status == 0, "\(built.stderr)")
        let (folderMode, fileModes) = try modes(index)
        #expect(folderMode == 0o700)
        #expect(mode(folder + "/deeper") == 0o700)
        #expect(fileModes == [0o600])
        // It can still be searched, by its owner.
        #expect(try run(["search", "moscow", "--index", index]).status == 0)
    }

    @Test func privateFalseLeavesModesToTheUmask() throws {
        let folder = try temporaryFolder("shared-index")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = folder + "/Config"
        try FileManager.default.copyItem(atPath: Binaries.repository + "/Config", toPath: config)
        let toml = try String(contentsOfFile: config + "/gazette.toml", encoding: .utf8)
        #expect(toml.contains("private = true"))
        try toml.replacingOccurrences(of: "private = true", with: "private = false")
            .write(toFile: config + "/gazette.toml", atomically: true, encoding: .utf8)
        let index = folder + "/index"
        let built = try runWithUsualUmask(["index", "seeds", "--index", index], environment: ["GAZETTE_CONFIG": config])
        #expect(built.status == 0, "\(built.stderr)")
        let (folderMode, fileModes) = try modes(index)
        #expect(folderMode == 0o755)
        #expect(fileModes == [0o644])
    }

    @Test func aFolderThatCannotBeMadeIsOneLineWithPathCauseAndFix() throws {
        let folder = try temporaryFolder("nofolder")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(FileManager.default.createFile(atPath: folder + "/file", contents: Data()))
        let index = folder + "/file/index"
        let result = try run(["index", "seeds", "--index", index])
        #expect(result.status != 0)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.contains("\n"), "\(message)")
        #expect(!message.contains("NSCocoaErrorDomain"))
        #expect(message.contains(index))
        #expect(message.contains("a part of the path is a file"))
        #expect(message.contains("--index"))
    }

    @Test func aFolderWithoutWritePermissionSaysSo() throws {
        // Root writes anywhere: only another user sees "permission denied".
        guard getuid() != 0 else { return }
        let folder = try temporaryFolder("readonly")
        defer {
            chmod(folder, 0o700)
            try? FileManager.default.removeItem(atPath: folder)
        }
        #expect(chmod(folder, 0o500) == 0)
        let result = try run(["index", "seeds", "--index", folder + "/index"])
        #expect(result.status != 0)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.contains("\n") && !message.contains("NSCocoaErrorDomain"), "\(message)")
        #expect(message.contains("permission denied"))
        #expect(message.contains(folder + "/index"))
    }

    /// A build killed mid-way leaves scratch shards in RAM (/dev/shm) and in
    /// the index folder; the next run removes those of processes that are
    /// gone, and keeps those of a build still running.
    @Test func aRunRemovesScratchFoldersOfDeadProcesses() throws {
        let folder = try temporaryFolder("scratch")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = folder + "/index"
        try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: true)
        let dead = try deadProcessID()
        let me = getpid()
        let myStart = try startTime(me)
        let tag = UInt32.random(in: 0...UInt32.max)
        let shm = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : nil
        var stale = [index + "/.gazette-build-\(dead)", index + "/.gazette-build-\(me)-s\(myStart &+ 1)"]
        var alive = [index + "/.gazette-build-\(me)-s\(myStart)"]
        if let shm {
            stale.append(shm + "/gazette-build-\(dead)-1-\(tag)")
            alive.append(shm + "/gazette-build-\(me)-s\(myStart)-\(tag)")
            // An older build's name: a random number where the start time goes. Alive by its id.
            alive.append(shm + "/gazette-build-\(me)-\(myStart &+ 1)-\(tag)")
        }
        for path in stale + alive {
            try FileManager.default.createDirectory(atPath: path + "/shard0", withIntermediateDirectories: true)
        }
        defer { for path in alive { try? FileManager.default.removeItem(atPath: path) } }

        let built = try run(["index", "seeds", "--index", index])
        #expect(built.status == 0, "\(built.stderr)")
        for path in stale { #expect(!FileManager.default.fileExists(atPath: path), "\(path) is left") }
        for path in alive { #expect(FileManager.default.fileExists(atPath: path), "\(path) was removed") }
    }

    /// The id of a process that has exited (and been reaped).
    func deadProcessID() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    /// When a process started (/proc/PID/stat, field 22), as gazette records it.
    func startTime(_ pid: pid_t) throws -> UInt64 {
        let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let close = try #require(text.lastIndex(of: ")"))
        let fields = text[text.index(after: close)...].split(separator: " ")
        return try #require(UInt64(fields[19]))
    }
}
