import Foundation

/// A value made on a thread of its own while the caller does other work;
/// `get()` waits for it. A first build reads the gazetteer and the synonym
/// table this way, at once on two cores: both come before its threads start.
final class BackgroundLoad<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread, before `done` is signalled.
    private var result: Result<Value, ServiceError>?

    init(_ body: @escaping @Sendable () throws(ServiceError) -> Value) {
        let thread = Thread { [self] in
            do throws(ServiceError) {
                result = .success(try body())
            } catch {
                result = .failure(error)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, or the error that made it fail; waits until it is made.
    func get() throws(ServiceError) -> Value {
        done.wait()
        done.signal()  // later calls return at once
        return try result!.get()
    }
}
