// swift-tools-version:6.0
//
// Gazette: full-text search for news articles, on Xapian.
// Dependencies point one way:
//   CXapian <- GazetteIndex <- GazetteService <- gazetted / gazette-full
// GazetteProtocol is data only (FoundationEssentials); GazetteClient never sees Xapian.
// `gazette` is small: GazetteRelay sends what gazetted answers over its socket
// (GazetteSocket) and prints it (GazetteOutput), and hands the rest to gazette-full.
// Every module a target imports is listed under it, one per line.

import PackageDescription

/// Every Swift target: a file sees only the members of modules it imports itself.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The small `gazette`'s modules (the protocol's types, the reply's decoding,
/// the printers, the relay), and `gazette-full`'s own: a concrete generic type
/// (`KeyedDecodingContainer<SearchHit.CodingKeys>`, `[MatchLine]`) is made
/// through its metadata accessor, not from its mangled name. From the name, the
/// runtime checks each generic requirement by scanning every conformance record
/// in the program, once per type: a sixth of the instructions of the small
/// `gazette`'s search, which decodes a dozen such types once; in gazette-full
/// (its commands' option groups), 6 % of a search's instructions without a
/// daemon (the other modules gained nothing measurable). Release builds
/// only (the code is a little larger; debug builds stay as they are).
let directMetadata: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"],
                 .when(configuration: .release)),
]

/// The client starts for every command an editor or a script runs, and much of its
/// start-up is the dynamic loader binding the Swift runtime and Foundation: a
/// release `gazette-full` (which `gazette` runs) links them in. The
/// modules were compiled for dynamic linking, so the libraries the static
/// Foundation needs besides are named here.
/// (gazette-mcp and gazetted stay dynamic: FoundationNetworking has no static
/// libcurl, and a daemon starts once.)
let staticRuntime: [LinkerSetting] = [
    .unsafeFlags(["-static-stdlib",
                  "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
                  "-lswiftSynchronization"],
                 .when(configuration: .release)),
]

/// The small `gazette` (GazetteRelay) links no Foundation beyond
/// FoundationEssentials, so a release build of it is one static executable:
/// no dynamic loader resolving libstdc++'s symbols and no relocations, which
/// were a third of the instructions of a search through gazetted. (Not a
/// static PIE: gold cannot link one, and bfd's crashes at start-up.)
let staticExecutable: [LinkerSetting] = [
    .unsafeFlags(["-static-executable",
                  "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization"],
                 .when(configuration: .release)),
]

/// `gazette-full`, which runs `gazette index` when no daemon does, allocates
/// through jemalloc (Debian's libjemalloc-dev), as Swift server deployments
/// commonly do: a first build spends a tenth of its CPU in glibc's malloc and
/// free under Xapian's in-memory postings, and with jemalloc the same build
/// takes about a tenth less wall time on two cores. gazetted stays on glibc's
/// allocator: its searches ran about 0.07 ms slower at the median with jemalloc
/// (Benchmarks/indexing/RESULTS.md).
let jemalloc: [LinkerSetting] = [
    .linkedLibrary("jemalloc"),
]

let package = Package(
    name: "Gazette",
    // Linux only (inotify, SO_PEERCRED, /proc); SwiftPM has no Linux platform entry, so none is named.
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
        .executable(name: "gazette-full", targets: ["gazette-full"]),
        .executable(name: "gazetted", targets: ["gazetted"]),
        .executable(name: "gazette-mcp", targets: ["gazette-mcp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // MARK: Xapian shim: the only code that includes <xapian.h>.
        .target(
            name: "CXapian",
            linkerSettings: [
                .linkedLibrary("xapian"),
            ]
        ),
        .testTarget(
            name: "CXapianTests",
            dependencies: [
                "CXapian",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: libxml2's HTML and XML parsers (Debian's libxml2-dev), for web pages and feeds.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [
                .apt(["libxml2-dev"]),
            ]
        ),

        // MARK: Reading article files (text, Markdown, JSON, web pages, feeds, mail), choosing them.
        .target(
            name: "GazetteArticles",
            dependencies: [
                "CLibXML2",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteArticlesTests",
            dependencies: [
                "GazetteArticles",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Actors and countries, found in pure Swift.
        // Optimised in debug builds too: unoptimised, extraction takes about 3 ms an
        // article instead of 0.1 ms, and the tests that index whole corpora wait on it.
        .target(
            name: "GazetteEntities",
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .testTarget(
            name: "GazetteEntitiesTests",
            dependencies: [
                "GazetteEntities",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The index: Swift over the shim, and the schema.
        .target(
            name: "GazetteIndex",
            dependencies: [
                "CXapian",
                "GazetteArticles",
                "GazetteEntities",
                "GazetteProtocol",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteIndexTests",
            dependencies: [
                "GazetteIndex",
                "GazetteArticles",
                "GazetteEntities",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Protocol: one Codable request and response per method, no I/O.
        .target(
            name: "GazetteProtocol",
            swiftSettings: swiftSettings + directMetadata
        ),
        .testTarget(
            name: "GazetteProtocolTests",
            dependencies: [
                "GazetteProtocol",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Socket: one request and its reply over a blocking Unix socket (no NIO).
        .target(
            name: "GazetteSocket",
            dependencies: [
                "GazetteProtocol",
            ],
            swiftSettings: swiftSettings + directMetadata
        ),

        // MARK: printf's "%.*f" for Swift, without CVarArg's start-up.
        .target(
            name: "CPrintf"
        ),

        // MARK: Output: the printers of every format, the terminal, exit statuses.
        .target(
            name: "GazetteOutput",
            dependencies: [
                "CPrintf",
                "GazetteProtocol",
            ],
            swiftSettings: swiftSettings + directMetadata
        ),

        // MARK: Settings: where Config/ is, and gazette.toml read and checked.
        .target(
            name: "GazetteSettings",
            dependencies: [
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Wire: newline-delimited framing shared by daemon and client.
        .target(
            name: "GazetteWire",
            dependencies: [
                "GazetteSocket",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteWireTests",
            dependencies: [
                "GazetteWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Client: talks to gazetted over its socket; never sees Xapian.
        .target(
            name: "GazetteClient",
            dependencies: [
                "GazetteProtocol",
                "GazetteSocket",
                "GazetteWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteClientTests",
            dependencies: [
                "GazetteClient",
                "GazetteProtocol",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Service: configuration, indexing runs, searches.
        .target(
            name: "GazetteService",
            dependencies: [
                "GazetteArticles",
                "GazetteEntities",
                "GazetteIndex",
                "GazetteProtocol",
                "GazetteSettings",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteServiceTests",
            dependencies: [
                "GazetteService",
                "GazetteIndex",
                "GazetteProtocol",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Daemon: the socket server that owns the index.
        .target(
            name: "GazetteDaemon",
            dependencies: [
                "GazetteArticles",
                "GazetteIndex",
                "GazetteProtocol",
                "GazetteService",
                "GazetteWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteDaemonTests",
            dependencies: [
                "GazetteClient",
                "GazetteDaemon",
                "GazetteIndex",
                "GazetteProtocol",
                "GazetteService",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: gazetted: the daemon executable.
        .executableTarget(
            name: "gazetted",
            dependencies: [
                "GazetteDaemon",
                "GazetteProtocol",
                "GazetteService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Front end: printers for every output format, and the choice of daemon or direct access.
        .target(
            name: "GazetteFrontend",
            dependencies: [
                "GazetteArticles",
                "GazetteClient",
                "GazetteEntities",
                "GazetteOutput",
                "GazetteProtocol",
                "GazetteService",
                "GazetteWire",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteFrontendTests",
            dependencies: [
                "GazetteFrontend",
                "GazetteProtocol",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Language server: LSP framing, dispatch and handlers over GazetteFrontend.
        .target(
            name: "GazetteLSP",
            dependencies: [
                "GazetteEntities",
                "GazetteFrontend",
                "GazetteIndex",
                "GazetteProtocol",
                "GazetteService",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteLSPTests",
            dependencies: [
                "GazetteLSP",
                "GazetteFrontend",
                "GazetteProtocol",
                "GazetteService",
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: MCP server: Gazette's tools and articles for AI assistants, over GazetteFrontend.
        .target(
            name: "GazetteMCP",
            dependencies: [
                "GazetteArticles",
                "GazetteFrontend",
                "GazetteIndex",
                "GazetteProtocol",
                "GazetteService",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteMCPTests",
            dependencies: [
                "gazette",
                "gazette-full",
                "gazette-mcp",
                "gazetted",
                "GazetteMCP",
                "GazetteProtocol",
                "GazetteWire",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Command line: the options and error handling gazette and gazette-mcp share.
        .target(
            name: "GazetteCommandLine",
            dependencies: [
                "GazetteFrontend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Relay: the small gazette's command lines, sent to gazetted or handed to gazette-full.
        .target(
            name: "GazetteRelay",
            dependencies: [
                "GazetteOutput",
                "GazetteProtocol",
                "GazetteSettings",
                "GazetteSocket",
            ],
            swiftSettings: swiftSettings + directMetadata
        ),
        .testTarget(
            name: "GazetteRelayTests",
            dependencies: [
                "GazetteRelay",
                "GazetteOutput",
                "GazetteProtocol",
                "GazetteSettings",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: gazette: the command line people and editors run; the small program
        // (GazetteRelay) that answers through gazetted or runs gazette-full beside it.
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteRelay",
            ],
            swiftSettings: swiftSettings,
            linkerSettings: staticExecutable
        ),

        // MARK: gazette-full: every command (it runs gazette-mcp for `gazette mcp`).
        .executableTarget(
            name: "gazette-full",
            dependencies: [
                "GazetteArticles",
                "GazetteCommandLine",
                "GazetteFrontend",
                "GazetteIndex",
                "GazetteLSP",
                "GazetteOutput",
                "GazetteProtocol",
                "GazetteService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings + directMetadata,
            linkerSettings: staticRuntime + jemalloc
        ),

        // MARK: gazette-mcp: `gazette mcp`, a program of its own so that only it links the MCP SDK.
        .executableTarget(
            name: "gazette-mcp",
            dependencies: [
                "GazetteCommandLine",
                "GazetteFrontend",
                "GazetteMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GazetteCLITests",
            dependencies: [
                "gazette",
                "gazette-full",
                "gazetted",
                "GazetteArticles",
                "GazetteEntities",
                "GazetteIndex",
                "GazetteRelay",
                "GazetteWire",
            ],
            swiftSettings: swiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
