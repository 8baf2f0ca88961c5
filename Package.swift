// swift-tools-version:6.0
//
// Gazette: full-text search for news articles, on Xapian.
// Dependencies point one way:
//   CXapian <- GazetteIndex <- GazetteService <- gazetted / gazette
// GazetteProtocol is data only (Foundation); GazetteClient never sees Xapian.

import PackageDescription

let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
        .executable(name: "gazetted", targets: ["gazetted"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
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
            ]
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
            ]
        ),
        .testTarget(
            name: "GazetteArticlesTests",
            dependencies: [
                "GazetteArticles",
            ]
        ),

        // MARK: Actors and countries, found in pure Swift.
        .target(
            name: "GazetteEntities"
        ),
        .testTarget(
            name: "GazetteEntitiesTests",
            dependencies: [
                "GazetteEntities",
            ]
        ),

        // MARK: The index: Swift over the shim, and the schema.
        .target(
            name: "GazetteIndex",
            dependencies: [
                "CXapian",
                "GazetteArticles",
                "GazetteEntities",
            ]
        ),
        .testTarget(
            name: "GazetteIndexTests",
            dependencies: [
                "GazetteIndex",
                "GazetteArticles",
                "GazetteEntities",
            ]
        ),

        // MARK: Protocol: one Codable request and response per method, no I/O.
        .target(
            name: "GazetteProtocol"
        ),

        // MARK: Wire: newline-delimited framing shared by daemon and client.
        .target(
            name: "GazetteWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // MARK: Client: talks to gazetted over its socket; never sees Xapian.
        .target(
            name: "GazetteClient",
            dependencies: [
                "GazetteProtocol",
                "GazetteWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: Service: configuration, indexing runs, searches.
        .target(
            name: "GazetteService",
            dependencies: [
                "GazetteArticles",
                "GazetteEntities",
                "GazetteIndex",
                "GazetteProtocol",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .testTarget(
            name: "GazetteServiceTests",
            dependencies: [
                "GazetteService",
                "GazetteProtocol",
            ]
        ),

        // MARK: Daemon: the socket server that owns the index.
        .target(
            name: "GazetteDaemon",
            dependencies: [
                "GazetteProtocol",
                "GazetteService",
                "GazetteWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "GazetteDaemonTests",
            dependencies: [
                "GazetteClient",
                "GazetteDaemon",
                "GazetteProtocol",
                "GazetteService",
                "GazetteWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: gazetted: the daemon executable.
        .executableTarget(
            name: "gazetted",
            dependencies: [
                "GazetteDaemon",
                "GazetteService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: Front end: output formats and the choice of daemon or direct access.
        .target(
            name: "GazetteFrontend",
            dependencies: [
                "GazetteClient",
                "GazetteProtocol",
                "GazetteService",
            ]
        ),

        // MARK: Language server: LSP framing, dispatch and handlers over GazetteFrontend.
        .target(
            name: "GazetteLSP",
            dependencies: [
                "GazetteEntities",
                "GazetteFrontend",
                "GazetteProtocol",
                "GazetteService",
            ]
        ),
        .testTarget(
            name: "GazetteLSPTests",
            dependencies: [
                "GazetteLSP",
                "GazetteFrontend",
                "GazetteProtocol",
                "GazetteService",
            ]
        ),

        // MARK: gazette: the command-line client.
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteArticles",
                "GazetteFrontend",
                "GazetteLSP",
                "GazetteProtocol",
                "GazetteService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GazetteCLITests",
            dependencies: [
                "gazette",
                "gazetted",
                "GazetteIndex",
            ]
        ),
    ],
    cxxLanguageStandard: .cxx17
)
