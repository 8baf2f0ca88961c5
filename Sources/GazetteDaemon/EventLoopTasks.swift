#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

extension GazetteDaemon {
    /// Makes NIO's event loop Swift's global executor, with one loop thread,
    /// so that a request takes two thread hops (event loop to reader thread
    /// and back) instead of four (event loop, Swift's pool, reader thread,
    /// pool, event loop): each hop costs a wake-up and a context switch.
    /// Blocking work stays off the loop: searches run on the reader threads,
    /// writes on the writer's. Call it once, first thing in `main`, before
    /// any task starts; false (and nothing changed) when it could not.
    @discardableResult
    public static func runTasksOnEventLoop() -> Bool {
        // NIO's own variable, when set, still chooses (for measuring).
        if getenv("NIO_SINGLETON_GROUP_LOOP_COUNT") == nil { NIOSingletons.groupLoopCountSuggestion = eventLoopThreads }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// One loop thread: it only frames, decodes and writes, and with one
    /// loop a reply never hops between loops on its way out.
    static let eventLoopThreads = 1
}
