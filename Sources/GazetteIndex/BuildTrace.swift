#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Marks on stderr where a first build's time goes (the serial start, each
/// build thread, the merge and what follows it), when the environment sets
/// `GAZETTE_TRACE_BUILD`: for benchmarks and profiles, not for users. Each
/// mark is the wall time since the process started and the CPU time of the
/// whole process so far.
public enum BuildTrace {
    public static let variable = "GAZETTE_TRACE_BUILD"
    public static let enabled = getenv(variable) != nil
    private static let lock = NSLock()

    public static func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let line = String(format: "trace %8.3f s wall %8.3f s cpu  ", wall(), cpu) + what() + "\n"
        lock.withLock { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Seconds since the process started (/proc/self/stat's start time against the clock since boot).
    private static func wall() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        let booted = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        let started = Double(ScratchOwner.startTime(of: getpid()) ?? 0) / Double(sysconf(Int32(_SC_CLK_TCK)))
        return booted - started
    }
}
