import ArgumentParser
import GazetteCommandLine
import Foundation
import GazetteFrontend
import GazetteIndex
import GazetteProtocol

extension Gazette {
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Search the index: ranked hits with snippets, and facet counts.",
            discussion: """
                Query syntax (Xapian's query parser; words are stemmed, all words must match):
                  concert hall                 both words, anywhere
                  "concert hall"               the phrase, in that order
                  moscow AND (attack OR siege) NOT ukraine
                  +required -excluded          conc*     (wildcard)
                \(Schema.queryHelp(indent: "  "))
                Free-text words also find their synonyms: actors' aliases and countries' names
                from the gazetteers, and Config/synonyms.txt (--explain shows what was added).
                A misspelt word gets a suggestion (Did you mean: ...?); the hits are those of the
                query as typed. Copies of one story are one hit, with their ids (--no-collapse);
                facets count every matching article unless --facet-count stories.
                Exit status: 0 when something matched, 1 when nothing did, 2 on an error.
                """
        )

        @OptionGroup var location: IndexLocation
        @OptionGroup var colors: ColorOption

        @Argument(help: ArgumentHelp("The query: one argument, or its words as several (`gazette search oil country:russia`); "
                                     + "quote a phrase for the shell ('\"concert hall\"'), \"\" with --like for every article.",
                                     valueName: "query"))
        var words: [String] = []

        /// The words as one query, as the shell split them.
        var query: String { words.joined(separator: " ") }

        @OptionGroup var results: ResultOptions

        @Option(help: ArgumentHelp("Order: relevance, date (newest first) or oldest (oldest first).", valueName: "order"))
        var sort: String = "relevance"

        @Option(help: ArgumentHelp("Rank the query's matches by likeness to the article with this id (itself and its copies left out).",
                                   valueName: "id"))
        var like: String?

        @Flag(help: "Show how the query was read: the synonyms added and the query as Xapian runs it.")
        var explain = false

        @OptionGroup var partial: PartialOption

        /// The request these options make: checked in validate(), sent in run().
        var params: SearchParams {
            var params = SearchParams(query: query, sort: sort, like: like, explain: explain ? true : nil)
            results.apply(to: &params)
            params.allowPartial = partial.parameter
            return params
        }

        func validate() throws {
            guard !words.isEmpty else {
                throw ValidationError("Missing expected argument '<query>' (\"\" with --like for every article)")
            }
            try validateSearch(params, options: ResultOptions.optionNames)
        }

        func run() async throws {
            let session = try location.session()
            let started = Date()
            let response = try await Backend.search(params, session: session)
            try results.print(response, elapsed: Date().timeIntervalSince(started), styled: colors.styled)
        }
    }

    struct Similar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "similar",
            abstract: "List the articles most like one, ranked as search ranks them.",
            discussion: """
                Likeness comes from the words that best tell the article from the rest of the
                index (Xapian's expand set) and from the actors and countries it shares. The
                article itself and its copies (the other articles of its story, which search
                lists as its copies) are left out. Output formats are those of search.
                Exit status: 0 when something matched, 1 when nothing did, 2 on an error
                (an id that is not in the index among them).
                """
        )

        @OptionGroup var location: IndexLocation
        @OptionGroup var colors: ColorOption

        @Argument(help: ArgumentHelp("The article's id, as search --format json shows it.", valueName: "id"))
        var id: String

        @Option(help: ArgumentHelp("Only among the matches of this query.", valueName: "query"))
        var query: String?

        @OptionGroup var results: ResultOptions

        var params: SimilarParams {
            results.values.similar(id: id, query: query)
        }

        func validate() throws {
            try validateSearch(params.search, options: ResultOptions.optionNames.merging([.like: "the id"]) { $1 })
        }

        func run() async throws {
            let session = try location.session()
            let started = Date()
            let response = try await Backend.similar(params, session: session)
            try results.print(response, elapsed: Date().timeIntervalSince(started), styled: colors.styled)
        }
    }
}
