import Foundation
import Testing

/// `gazette-full`, which runs `gazette index` without a daemon, allocates
/// through jemalloc (Package.swift): a first build spends much of its time in
/// malloc and free under Xapian's in-memory postings, where glibc's allocator
/// is slower. gazetted keeps glibc's, which answers its searches faster. The
/// dynamic loader lists what a program loads, in the order it resolves
/// symbols, when asked (`LD_TRACE_LOADED_OBJECTS`, what `ldd` uses), without
/// running it.
@Suite struct AllocatorCLITests {
    @Test(arguments: [("gazette-full", true), ("gazetted", false)])
    func onlyTheCommandLineIndexerResolvesMallocInJemalloc(_ binary: String, _ linksJemalloc: Bool) throws {
        let listed = try runBinary(binary, [], environment: ["LD_TRACE_LOADED_OBJECTS": "1"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let libraries = listed.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let jemalloc = libraries.firstIndex { $0.hasPrefix("libjemalloc.so") }
        let libc = libraries.firstIndex { $0.hasPrefix("libc.so") }
        #expect(libc != nil, "\(listed.stdout)")
        guard linksJemalloc else {
            #expect(jemalloc == nil, "\(binary) loads jemalloc: \(listed.stdout)")
            return
        }
        #expect(jemalloc != nil, "\(binary) does not load jemalloc: \(listed.stdout)")
        if let jemalloc, let libc { #expect(jemalloc < libc, "\(listed.stdout)") }
    }
}
