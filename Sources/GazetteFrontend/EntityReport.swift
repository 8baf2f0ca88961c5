import Foundation
import GazetteArticles
import GazetteEntities
import GazetteOutput
import GazetteService

/// `gazette entities`: what the extractor finds in each article.
public enum EntityReport {
    /// One article's entities; `file` is the path as shown.
    struct Line: PrintableRecord {
        let file: String
        let id: String
        let title: String
        let actors: [String]
        let actor_mentions: [String]
        let countries: [String]
        let country_codes: [String]
        let mentions: [String]
        let micros: Int

        func text(styled: Bool) -> String {
            var out = "\(file): \(title)\n"
            out += "    actors: \(actors.joined(separator: ", "))\n"
            out += "    actor mentions: \(actor_mentions.joined(separator: ", "))\n"
            out += "    countries: \(countries.joined(separator: ", "))\n"
            out += "    mentions: \(mentions.joined(separator: ", "))\n"
            return out
        }
    }

    /// Prints one record per article (a line of JSON, or a block of text);
    /// returns the number of files that failed.
    public static func run(paths: [String], session: Session, printer: any Printer) throws(CommandFailure) -> Int {
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
                let walk = ArticleFiles.walk(root: path, selection: session.configuration.fileSelection)
                files = walk.files
                for problem in walk.problems {
                    failed += 1
                    Terminal.writeError("gazette: \(Terminal.displayPath(problem.path)): \(problem.reason)")
                }
            case .file:
                let name = (path as NSString).lastPathComponent
                switch ArticleFiles.choose(path: path, relativePath: name, selection: nil) {
                case let .read(file): files = [file]
                case let .ignored(reason), let .failed(reason):
                    failed += 1
                    Terminal.writeError("gazette: \(Terminal.displayPath(path)): \(reason)")
                    continue
                }
            case .missing, .other:
                failed += 1
                Terminal.writeError("gazette: \(argument): no such file or folder")
                continue
            }
            var out = ""
            for file in files {
                do {
                    let parsed = try ArticleParser.parse(bytes: try ArticleFiles.readBytes(of: file),
                                                         format: file.format, fileID: file.relativePath)
                    for warning in parsed.warnings {
                        Terminal.writeError("gazette: warning: \(Terminal.displayPath(file.path)): \(warning)")
                    }
                    for article in parsed.articles {
                        let start = DispatchTime.now().uptimeNanoseconds
                        let entities = extractor.extract(title: article.title, body: article.body,
                                                          source: article.source, url: article.url, path: file.path)
                        let micros = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
                        let line = Line(file: Terminal.displayPath(file.path), id: article.id, title: article.title,
                                        actors: entities.actors, actor_mentions: entities.actorMentions.map(\.text),
                                        countries: entities.countries.map(\.name),
                                        country_codes: entities.countries.map(\.code),
                                        mentions: entities.mentions.map(\.name), micros: micros)
                        out += printer.record(line)
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
}
