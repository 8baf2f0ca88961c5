import Foundation
import GazetteArticles
import GazetteEntities
import GazetteService

/// `gazette entities`: what the extractor finds in each article.
public enum EntityReport {
    struct Line: Encodable {
        let file: String
        let id: String
        let title: String
        let actors: [String]
        let actor_mentions: [String]
        let countries: [String]
        let country_codes: [String]
        let mentions: [String]
        let micros: Int
    }

    /// Prints one line (JSON) or block (text) per article; returns the number of files that failed.
    public static func run(paths: [String], session: Session, json: Bool) throws(CommandFailure) -> Int {
        let gazetteer: Gazetteer
        do {
            gazetteer = try LocalIndex.loadGazetteer(session.configuration)
        } catch {
            throw CommandFailure(error)
        }
        let extractor = EntityExtractor(gazetteer: gazetteer)
        var failed = 0
        for argument in paths {
            let path = ArticleFiles.absolute(argument)
            var files: [ArticleFile] = []
            switch ArticleFiles.kind(of: path) {
            case .directory:
                let walk = ArticleFiles.walk(root: path)
                files = walk.files
                for problem in walk.problems {
                    failed += 1
                    Terminal.writeError("gazette: \(Terminal.displayPath(problem.path)): \(problem.reason)")
                }
            case .file:
                let name = (path as NSString).lastPathComponent
                files = [ArticleFile(path: path, relativePath: name, format: ArticleFormat(path: name) ?? .text)]
            case .missing, .other:
                failed += 1
                Terminal.writeError("gazette: \(argument): no such file or folder")
                continue
            }
            var out = ""
            for file in files {
                do {
                    let parsed = try ArticleParser.parse(bytes: try ArticleFiles.readBytes(file.path),
                                                         format: file.format, fileID: file.relativePath)
                    for warning in parsed.warnings {
                        Terminal.writeError("gazette: warning: \(Terminal.displayPath(file.path)): \(warning)")
                    }
                    for article in parsed.articles {
                        let start = DispatchTime.now().uptimeNanoseconds
                        let entities = extractor.extract(title: article.title, body: article.body, source: article.source, url: article.url)
                        let micros = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
                        out += format(file: file, article: article, entities: entities, micros: micros, json: json)
                    }
                } catch {
                    failed += 1
                    Terminal.writeError("gazette: \(Terminal.displayPath(file.path)): \(error)")
                }
                if out.utf8.count > 1 << 16 {
                    Terminal.write(out)
                    out = ""
                }
            }
            Terminal.write(out)
        }
        return failed
    }

    static func format(file: ArticleFile, article: Article, entities: Entities, micros: Int, json: Bool) -> String {
        if json {
            let line = Line(file: Terminal.displayPath(file.path), id: article.id, title: article.title,
                            actors: entities.actors, actor_mentions: entities.actorMentions.map(\.text),
                            countries: entities.countries.map(\.name),
                            country_codes: entities.countries.map(\.code),
                            mentions: entities.mentions.map(\.name), micros: micros)
            return SearchOutput.json(line) + "\n"
        }
        var out = "\(Terminal.displayPath(file.path)): \(article.title)\n"
        out += "    actors: \(entities.actors.joined(separator: ", "))\n"
        out += "    actor mentions: \(entities.actorMentions.map(\.text).joined(separator: ", "))\n"
        out += "    countries: \(entities.countries.map(\.name).joined(separator: ", "))\n"
        out += "    mentions: \(entities.mentions.map(\.name).joined(separator: ", "))\n"
        return out
    }
}
