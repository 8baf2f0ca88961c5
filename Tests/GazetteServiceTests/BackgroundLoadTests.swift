import Foundation
@testable import GazetteService
import Testing

/// A first build reads the gazetteer on a thread of its own while the synonym table is read.
@Suite struct BackgroundLoadTests {
    @Test func theValueIsWaitedForAndGivenToEveryCall() throws {
        let started = Date()
        let load = BackgroundLoad { () throws(ServiceError) in
            Thread.sleep(forTimeInterval: 0.2)
            return 42
        }
        #expect(try load.get() == 42)
        #expect(Date().timeIntervalSince(started) >= 0.2, "get() waited for the thread")
        #expect(try load.get() == 42)
    }

    @Test func aFailureIsThrownByGet() {
        let load = BackgroundLoad { () throws(ServiceError) -> Int in throw ServiceError(.configuration, "no gazetteers") }
        #expect(throws: ServiceError.self) { try load.get() }
        #expect(throws: ServiceError.self) { try load.get() }
    }
}
