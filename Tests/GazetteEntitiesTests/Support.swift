import Foundation
import GazetteEntities
import Testing

/// The package root, found from this file's path (Tests/GazetteEntitiesTests/).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The gazetteer from the repository's Config/, loaded once for all tests.
let gazetteer: Gazetteer = {
    do {
        return try Gazetteer.load(directory: packageRoot + "/Config")
    } catch {
        fatalError("cannot load the gazetteer: \(error)")
    }
}()

let extractor = EntityExtractor(gazetteer: gazetteer)

func extract(_ title: String, _ body: String) -> Entities {
    extractor.extract(title: title, body: body)
}

func codes(_ countries: [Country]) -> [String] { countries.map(\.code) }

/// Expects every name of `names` among the salient actors and none of `fragments`.
func expectActors(_ e: Entities, include names: [String], exclude fragments: [String],
                  sourceLocation: SourceLocation = #_sourceLocation) {
    for name in names {
        #expect(e.actors.contains(name), "\(name): got \(e.actors)", sourceLocation: sourceLocation)
    }
    for fragment in fragments {
        #expect(!e.actors.contains(fragment), "\(fragment): got \(e.actors)", sourceLocation: sourceLocation)
    }
}
