import Foundation
import GazetteFrontend
import MCP

/// Gazette as a Model Context Protocol server: tools to search, read and
/// count articles (and, when allowed, to index and remove them), and every
/// article as a resource. Each request goes to gazetted when it runs, else to
/// the index directly, as every `gazette` command does.
public struct GazetteMCPServer: Sendable {
    public struct Options: Sendable {
        /// Offer `index` and `remove`.
        public var allowWrites: Bool
        /// Log every tool call to stderr, not only failures.
        public var verbose: Bool

        public init(allowWrites: Bool = false, verbose: Bool = false) {
            self.allowWrites = allowWrites
            self.verbose = verbose
        }
    }

    let session: Session
    let options: Options
    let log: @Sendable (String) -> Void

    public init(session: Session, options: Options, log: @escaping @Sendable (String) -> Void) {
        self.session = session
        self.options = options
        self.log = log
    }

    /// The tools this server offers.
    var tools: [GazetteTool] { GazetteTool.all.filter { options.allowWrites || !$0.writes } }

    static let instructions = """
        Gazette searches a local archive of news articles. search finds articles (its description gives \
        the query syntax: phrases, booleans, actor:, country:, date ranges) and can count the actors and \
        countries they are about; get_article, or the resource gazette://article/{id}, reads one by id; \
        facets counts actors or countries over a query; status describes the index.
        """

    /// How long the server waits, once its input ends, for the answers still being worked on.
    static let drainTimeout = Duration.seconds(120)

    /// Serves MCP on stdin and stdout until stdin ends and every request read has been answered.
    public func runOnStandardStreams() async throws {
        let transport = AnsweringTransport()
        try await run(transport: transport)
        let left = await transport.drain(timeout: Self.drainTimeout)
        if left > 0 { log("input ended; gave up waiting for \(left) answers after \(Self.drainTimeout)") }
    }

    /// Serves MCP over `transport` until its input ends.
    func run(transport: any Transport) async throws {
        let server = Server(name: "gazette", version: GazetteFrontend.version, title: "Gazette",
                            instructions: Self.instructions,
                            capabilities: .init(resources: .init(subscribe: false, listChanged: false),
                                                tools: .init(listChanged: false)))
        let tools = self.tools
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools.map(\.tool)) }
        await server.withMethodHandler(CallTool.self) { params in try await call(params) }
        await server.withMethodHandler(ListResources.self) { [session] params in
            try await ArticleResources.list(cursor: params.cursor, session: session)
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in .init(templates: [ArticleResources.template]) }
        await server.withMethodHandler(ReadResource.self) { [session] params in
            try await ArticleResources.read(uri: params.uri, session: session)
        }
        try await server.start(transport: transport)
        log("ready: tools \(tools.map(\.name).joined(separator: ", ")); answering from \(Backend.answerer(for: session))")
        await server.waitUntilCompleted()
    }

    /// A tool's answer, or its failure as a tool error (with the message the
    /// CLI prints) that the model can read and act on. An unknown tool is a
    /// protocol error, as the specification asks.
    func call(_ params: CallTool.Parameters) async throws -> CallTool.Result {
        guard let tool = tools.first(where: { $0.name == params.name }) else {
            if GazetteTool.all.contains(where: { $0.name == params.name }) {
                return failure("\(params.name) changes the index, and this server is read-only: "
                    + "start it with gazette mcp --allow-writes to offer index and remove", tool: params.name)
            }
            throw MCPError.invalidParams("unknown tool '\(params.name)'; tools are: \(tools.map(\.name).joined(separator: ", "))")
        }
        do {
            let arguments = try ToolArguments(params.arguments, tool: tool.name, parameters: tool.parameters)
            let text = try await tool.run(arguments, session)
            if options.verbose { log("\(tool.name): answered (\(text.utf8.count) bytes)") }
            return .init(content: [.text(text: text, annotations: nil, _meta: nil)], isError: false)
        } catch let error as ToolError {
            return failure(error.description, tool: tool.name)
        } catch let error as CommandFailure {
            return failure(error.message, tool: tool.name)
        } catch {
            return failure("\(error)", tool: tool.name)
        }
    }

    private func failure(_ message: String, tool: String) -> CallTool.Result {
        log("\(tool): \(message)")
        return .init(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }
}
