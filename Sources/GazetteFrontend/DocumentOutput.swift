import GazetteProtocol

public enum DocumentOutput {
    public static func text(_ article: DocumentResponse, styled: Bool) -> String {
        let (open, close) = SearchOutput.markers(styled: styled)
        var out = (styled ? open + article.title + close : article.title) + "\n"
        out += "id: \(article.id)\n"
        if let path = article.path { out += "path: \(Terminal.displayPath(path))\n" }
        if let date = article.date { out += "date: \(date)\n" }
        if let source = article.source { out += "source: \(source)\n" }
        if let url = article.url { out += "url: \(url)\n" }
        if !article.actors.isEmpty { out += "actors: \(article.actors.joined(separator: ", "))\n" }
        if !article.countries.isEmpty { out += "countries: \(article.countries.joined(separator: ", "))\n" }
        if !article.mentions.isEmpty { out += "mentions: \(article.mentions.joined(separator: ", "))\n" }
        out += "\n" + article.text + "\n"
        return out
    }

    public static func status(_ status: StatusResponse) -> String {
        var out = "mode: \(status.mode)\n"
        if let socket = status.socket { out += "socket: \(socket)\n" }
        out += "index: \(status.index)\n"
        out += "documents: \(status.documents)\n"
        out += "revision: \(status.revision)\n"
        out += "language: \(status.language)\n"
        if let lastCommit = status.lastCommit { out += "last commit: \(lastCommit)\n" }
        if let uptime = status.uptime { out += "uptime: \(Int(uptime)) s\n" }
        out += "version: \(status.version)\n"
        return out
    }
}
