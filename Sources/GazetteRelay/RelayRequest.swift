#if canImport(Glibc)
import Glibc
#endif
import GazetteOutput
import GazetteProtocol
import GazetteSocket

/// A command's request to gazetted and how its reply is printed, made from
/// its options as gazette-full makes them (nil for a value gazette-full
/// would refuse: it then tells why).
enum RelayRequest {
    case search(SearchParams, HitOptions, ColorChoice)
    case similar(SimilarParams, HitOptions, ColorChoice)
    case show(DocumentParams, OutputFormat)
    case facets(FacetsParams, OutputFormat, ColorChoice)
    case status(OutputFormat)

    init?(_ command: RelayCommand) {
        guard let color = command.value("color").map(ColorChoice.init(rawValue:)) ?? .auto else { return nil }
        let allowPartial: Bool? = command.flags.contains("allow-partial") ? true : nil
        switch command.name {
        case "search", "similar":
            guard let options = Self.hitOptions(command) else { return nil }
            if command.name == "similar" {
                self = .similar(options.similar(id: command.arguments[0], query: command.value("query")), options, color)
                return
            }
            var params = SearchParams(query: command.arguments.joined(separator: " "), sort: command.value("sort") ?? "relevance",
                                      like: command.value("like"), explain: command.flags.contains("explain") ? true : nil)
            options.apply(to: &params)
            params.allowPartial = allowPartial
            self = .search(params, options, color)
        case "show":
            guard !command.arguments[0].isEmpty, let format = Self.recordFormat(command) else { return nil }
            self = .show(DocumentParams(id: command.arguments[0], allowPartial: allowPartial), format)
        case "facets":
            guard let format = Self.recordFormat(command), case let .some(limit) = command.integer("limit") else { return nil }
            let words = command.arguments.dropFirst()
            self = .facets(FacetsParams(facet: command.arguments[0], query: words.isEmpty ? nil : words.joined(separator: " "),
                                        limit: limit, facetCount: command.value("facet-count"), allowPartial: allowPartial),
                           format, color)
        case "status":
            guard let format = Self.recordFormat(command) else { return nil }
            self = .status(format)
        default:
            return nil
        }
    }

    /// `--format` of the commands that print one record: text or json.
    static func recordFormat(_ command: RelayCommand) -> OutputFormat? {
        guard let format = OutputFormat(rawValue: command.value("format") ?? "text"),
              OutputFormat.recordFormats.contains(format) else { return nil }
        return format
    }

    static func hitOptions(_ command: RelayCommand) -> HitOptions? {
        var options = HitOptions()
        guard case let .some(limit) = command.integer("limit"), case let .some(offset) = command.integer("offset"),
              case let .some(facetLimit) = command.integer("facet-limit"),
              let format = OutputFormat(rawValue: command.value("format") ?? "text") else { return nil }
        options.limit = limit
        options.offset = offset ?? 0
        options.facetLimit = facetLimit
        options.format = format
        options.facets = command.all("facet")
        options.facetCount = command.value("facet-count")
        options.since = command.value("since")
        options.until = command.value("until")
        options.noCollapse = command.flags.contains("no-collapse")
        options.noSnippets = command.flags.contains("no-snippets")
        return options
    }

    /// Sends the request to the gazetted at `socket` and prints its reply;
    /// the exit status, or nil when no daemon answers or it answers with an
    /// error (gazette-full then answers: directly, or telling the error).
    func answer(at socket: String) -> Int32? {
        let started = Self.now()
        guard let connection = try? BlockingSocket(connectingTo: socket) else { return nil }
        do {
            switch self {
            case let .search(params, options, color):
                let response = try DaemonClient.call(SearchMethod.self, params, over: connection)
                return options.print(response, elapsed: Self.now() - started, styled: Terminal.styled(color))
            case let .similar(params, options, color):
                let response = try DaemonClient.call(SimilarMethod.self, params, over: connection)
                return options.print(response, elapsed: Self.now() - started, styled: Terminal.styled(color))
            case let .show(params, format):
                let article = try DaemonClient.call(DocumentMethod.self, params, over: connection)
                Terminal.warnPartial(article.missingShards)
                Terminal.write(format.printer().record(article))
                return ExitStatus.success
            case let .facets(params, format, color):
                let response = try DaemonClient.call(FacetsMethod.self, params, over: connection)
                Terminal.warnPartial(response.missingShards)
                Terminal.write(format.printer(styled: Terminal.styled(color)).record(response))
                return response.total == 0 ? ExitStatus.partial : ExitStatus.success
            case let .status(format):
                let status = try DaemonClient.call(StatusMethod.self, StatusParams(), over: connection)
                Terminal.write(format.printer().record(status))
                return ExitStatus.success
            }
        } catch {
            return nil
        }
    }

    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
