import Foundation
import GazetteArticles
import GazetteEntities
import GazetteIndex
import GazetteProtocol

/// Direct access to one index: what `gazette` does when no daemon runs, and
/// what the daemon does behind its socket.
public final class LocalIndex: @unchecked Sendable {
    public let path: String
    public let configuration: GazetteConfiguration
    private let lock = NSLock()
    /// Loaded on first use; guarded by `lock`.
    private var fullGazetteer: Gazetteer?
    private var lookupGazetteer: Gazetteer?
    /// With the fingerprint of the sources it was read from.
    private var loadedSynonyms: (table: SynonymTable, fingerprint: String)?
    /// Stops the indexing runs of this index early (the daemon asks when it shuts down).
    public let stop = IndexingStop()

    /// Checks that the gazetteers can be found; they are loaded when first needed.
    public init(configuration: GazetteConfiguration, path: String? = nil) throws(ServiceError) {
        self.configuration = configuration
        self.path = ArticleFiles.absolute(path ?? configuration.indexPath)
        _ = try Self.gazetteerDirectory(configuration)
    }

    /// The gazetteers as entity extraction needs them (loaded once).
    public var gazetteer: Gazetteer {
        get throws(ServiceError) {
            if let loaded = lock.withLock({ fullGazetteer }) { return loaded }
            let loaded = try Self.loadGazetteer(configuration)
            lock.withLock { fullGazetteer = loaded }
            return loaded
        }
    }

    /// Enough of the gazetteers to resolve `country:` and `actor:` filters;
    /// faster to load, so a search starts sooner.
    public var lookup: Gazetteer {
        get throws(ServiceError) {
            if let loaded = lock.withLock({ fullGazetteer ?? lookupGazetteer }) { return loaded }
            let loaded = try Self.loadGazetteer(configuration, lookupOnly: true)
            lock.withLock { lookupGazetteer = loaded }
            return loaded
        }
    }

    static func gazetteerDirectory(_ configuration: GazetteConfiguration) throws(ServiceError) -> String {
        guard let directory = configuration.configDirectory else {
            throw ServiceError(.configuration, "cannot find Gazette's Config/ folder (it holds the gazetteers)",
                               hint: "run gazette from the project folder, or pass --config DIR, or set GAZETTE_CONFIG")
        }
        return directory
    }

    public static func loadGazetteer(_ configuration: GazetteConfiguration,
                                     lookupOnly: Bool = false) throws(ServiceError) -> Gazetteer {
        let directory = try gazetteerDirectory(configuration)
        do {
            return try Gazetteer.load(directory: directory, lookupOnly: lookupOnly)
        } catch {
            throw ServiceError(.configuration, "cannot load the gazetteers in \(directory): \(error)")
        }
    }

    /// Set by `watchSynonymSources()`; guarded by `lock`.
    private var sourceWatch: SourceChangeWatch?

    /// From now on the fingerprint is computed again only when the sources'
    /// files change (the daemon's searches would otherwise stat them each time).
    public func watchSynonymSources() throws(ServiceError) {
        let files = SynonymSources.paths(gazetteerDirectory: try Self.gazetteerDirectory(configuration) + "/gazetteer",
                                         userFile: configuration.synonymsFile)
        lock.withLock { sourceWatch = SourceChangeWatch(files: files) }
    }

    /// The fingerprint of the synonym sources as they are now (SynonymSources.fingerprint).
    public func synonymFingerprint() throws(ServiceError) -> String {
        guard let watch = lock.withLock({ sourceWatch }) else { return try sourcesFingerprint() }
        return try watch.value { () throws(ServiceError) -> String in try sourcesFingerprint() }
    }

    private func sourcesFingerprint() throws(ServiceError) -> String {
        let file = configuration.synonymsFile
        if let file, !FileManager.default.fileExists(atPath: file) {
            throw ServiceError(.configuration, "the synonym file \(file) does not exist",
                               hint: "create it, or set [search] synonyms = \"\" in gazette.toml")
        }
        return SynonymSources.fingerprint(gazetteerDirectory: try Self.gazetteerDirectory(configuration) + "/gazetteer",
                                          userFile: file)
    }

    /// Synonyms read from their sources (SynonymSources), once per fingerprint.
    public func synonymTable(fingerprint: String) throws(ServiceError) -> SynonymTable {
        if let loaded = lock.withLock({ loadedSynonyms }), loaded.fingerprint == fingerprint { return loaded.table }
        let table = try SynonymSources.load(gazetteerDirectory: try Self.gazetteerDirectory(configuration) + "/gazetteer",
                                            userFile: configuration.synonymsFile)
        lock.withLock { loadedSynonyms = (table, fingerprint) }
        return table
    }

    /// Gives `reader` its synonyms: the index's own synonym table when it was
    /// written from the sources as they are now, so that a query reads no
    /// source; else the sources, read here (tens of milliseconds, until the
    /// next `gazette index` or the daemon's next write stores them).
    public func attachSynonyms(to reader: IndexReader) throws(ServiceError) {
        let fingerprint = try synonymFingerprint()
        if (try? reader.storedSynonymsFingerprint()) == fingerprint {
            reader.synonyms = .stored
        } else {
            reader.synonyms = .table(try synonymTable(fingerprint: fingerprint))
        }
    }

    /// Writes the synonyms into the index's synonym table and commits, when
    /// their sources changed since it was written; true when it did. An
    /// index whose home shard is remote keeps none (queries read the sources).
    @discardableResult
    public func storeSynonyms(writer: IndexWriter) throws(ServiceError) -> Bool {
        guard writer.shardList.shards.first?.isRemote != true else { return false }
        let fingerprint = try synonymFingerprint()
        let stored = try ServiceError.wrap(indexPath: path) { try writer.storedSynonymsFingerprint() }
        guard stored != fingerprint else { return false }
        let table = try synonymTable(fingerprint: fingerprint)
        try ServiceError.wrap(indexPath: path) {
            try writer.storeSynonyms(table, fingerprint: fingerprint)
            try writer.commit()
        }
        return true
    }

    /// `report`, with a warning when the synonyms could not be stored (the
    /// searches that read them say why too).
    private func storingSynonyms(_ report: IndexingReport, writer: IndexWriter?) -> IndexingReport {
        var report = report
        do {
            try storeSynonyms(writer: writer ?? openWriter())
        } catch {
            report.warnings.append(FileProblem(path: configuration.synonymsFile ?? path,
                                               message: "synonyms not stored in the index: \(error)"))
        }
        return report
    }

    /// A reader of the index. It loads the lookup gazetteer only when a query
    /// names a country or an actor; readers given the same `columns` share the
    /// in-memory facet columns (the daemon's), so facets cost array reads.
    /// `synonyms: false` for a reader that runs no query (status, show).
    public func openReader(columns: FacetColumnCache? = nil, synonyms: Bool = true) throws(ServiceError) -> IndexReader {
        let reader: IndexReader
        do {
            reader = try IndexReader(path: path, gazetteerSource: { [self] in try lookup }, columns: columns,
                                     timeouts: configuration.shardTimeouts)
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
        if synonyms { try attachSynonyms(to: reader) }
        return reader
    }

    public func openWriter() throws(ServiceError) -> IndexWriter {
        try prepareFolder()
        do {
            let writer = try IndexWriter(path: path, language: configuration.language, timeouts: configuration.shardTimeouts)
            writer.features = configuration.features
            return writer
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
    }

    /// Before anything is written: the folder made with the access the
    /// configuration asks for, and scratch folders of killed builds removed.
    private func prepareFolder() throws(ServiceError) {
        // A stub file names its shards (the writer makes local shards' folders,
        // under the same umask); the folder to prepare is the one it is in.
        let folder = (try? ShardList.resolve(path))?.stub == path ? (path as NSString).deletingLastPathComponent : path
        do {
            try IndexFolder.prepare(folder, access: configuration.indexIsPrivate ? .owner : .umask)
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
        ShardedBuild.removeStaleScratch(indexPath: path)
    }

    // MARK: search

    /// The facet and sort names this index knows, for checking requests:
    /// every row of the Schema table a search counts, the date's with its bucket sizes.
    public static let vocabulary = SearchVocabulary(
        facets: Schema.countedFields.flatMap { field in
            field == Schema.date
                ? [DerivedFacetNames.date] + DateGranularity.allCases.map { DerivedFacetNames.datePrefix + $0.rawValue }
                : [field.name]
        },
        sorts: SearchRequest.Sort.allCases.map(\.rawValue))

    /// Fills in defaults from the configuration and checks params (GazetteProtocol's validation).
    public func request(for params: SearchParams) throws(ServiceError) -> SearchRequest {
        var filled = params
        filled.limit = params.limit ?? configuration.searchLimit
        filled.offset = params.offset ?? 0
        filled.facetLimit = params.facetLimit ?? configuration.facetLimit
        let checked: SearchParams
        do {
            checked = try filled.validated(Self.vocabulary)
        } catch {
            throw ServiceError(error.parameter == .query ? .badQuery : .badParams, error.description)
        }
        let names = checked.facets ?? []
        let stories = checked.facetCount == "stories"
        if stories, let derived = names.first(where: { Facet(named: $0) == nil }) {
            throw ServiceError(.badParams, "facet_count stories counts the \(Facet.names(joinedBy: ", ")) facets; "
                               + "\(derived) counts articles: ask for it without facet_count stories")
        }
        let compact = { (day: String?) in day.map { $0.replacingOccurrences(of: "-", with: "") } }
        var request = SearchRequest(query: checked.query, offset: checked.offset ?? 0, limit: checked.limit ?? 0,
                             sort: checked.sort.flatMap(SearchRequest.Sort.init(rawValue:)) ?? .relevance,
                             facets: names.compactMap { Facet(named: $0) },
                             facetLimit: checked.facetLimit ?? 0, snippets: checked.snippets ?? true,
                             snippetLength: configuration.snippetLength, locate: checked.locate ?? false,
                             like: checked.like, since: compact(checked.since), until: compact(checked.until),
                             collapse: checked.collapse ?? true,
                             explain: checked.explain ?? false,
                             timeline: Self.timeline(names), regions: names.contains(DerivedFacetNames.region))
        request.facetsCountStories = stories
        return request
    }

    /// The timeline the facet names ask for: the last `date` or `date:SIZE` wins.
    static func timeline(_ names: [String]) -> DateGranularity?? {
        guard let name = names.last(where: { $0 == DerivedFacetNames.date || $0.hasPrefix(DerivedFacetNames.datePrefix) })
        else { return nil }
        return .some(DateGranularity(rawValue: String(name.dropFirst(DerivedFacetNames.datePrefix.count))))
    }

    /// Runs a search on `reader` (a fresh one when nil).
    public func search(_ params: SearchParams, reader: IndexReader? = nil) throws(ServiceError) -> SearchResponse {
        let request = try request(for: params)
        // A reader kept between searches (the daemon's) checks its synonyms' sources each time.
        if let reader { try attachSynonyms(to: reader) }
        let reader = if let reader { reader } else { try openReader() }
        let result: SearchResult
        do {
            result = try reader.search(request, allowPartial: params.allowPartial ?? false)
        } catch {
            throw ServiceError.from(error, indexPath: path, query: params.query)
        }
        return Self.response(result)
    }

    public static func response(_ result: SearchResult) -> SearchResponse {
        let hits = result.hits.map { hit in
            GazetteProtocol.SearchHit(
                rank: hit.rank, id: hit.article.id, path: hit.article.path, title: hit.article.title,
                date: hit.article.date?.iso, score: (hit.score * 1000).rounded() / 1000,
                snippet: hit.snippet?.text,
                highlights: hit.snippet.map { $0.highlights.map { [$0.lowerBound, $0.upperBound] } },
                actors: hit.article.actors, countries: hit.article.countries.map(\.name),
                match: hit.location.map {
                    MatchLine(line: $0.line, column: $0.column, text: $0.text,
                              ranges: $0.ranges.map { [$0.lowerBound, $0.upperBound] })
                },
                sourceMissing: hit.sourceMissing ? true : nil,
                copies: hit.copies?.count, copyIDs: hit.copies?.ids)
        }
        var facets: [String: [FacetValue]]?
        if !result.facets.isEmpty || result.regions != nil {
            facets = [:]
            for (facet, counts) in result.facets {
                facets![facet.name] = counts.map { FacetValue(value: $0.value, count: $0.count) }
            }
            if let regions = result.regions { facets![DerivedFacetNames.region] = regions.map(facetValue) }
        }
        let timeline = result.timeline.map { counts in
            Timeline(granularity: counts.granularity.rawValue,
                     buckets: counts.buckets.map { TimelineBucket(label: $0.label, from: $0.first, to: $0.last,
                                                                  count: $0.count) },
                     undated: counts.undated)
        }
        let reading = result.reading
        return SearchResponse(query: result.query, total: result.total, totalExact: result.totalIsExact,
                              hits: hits, facets: facets, collapsed: result.collapsed ? true : nil,
                              correctedQuery: reading.correctedQuery,
                              expansions: reading.expansions.isEmpty ? nil
                                  : reading.expansions.map { QueryExpansion(words: $0.words, synonyms: $0.synonyms) },
                              explanation: reading.description, like: result.like,
                              missingShards: result.missingShards, timeline: timeline,
                              facetCount: facets == nil && timeline == nil ? nil
                                  : result.facetsCountStories ? "stories" : "articles")
    }

    /// The articles most like one (`gazette similar`), as a search reply.
    public func similar(_ params: SimilarParams, reader: IndexReader? = nil) throws(ServiceError) -> SearchResponse {
        try search(params.search, reader: reader)
    }

    private static func facetValue(_ area: RegionCount) -> FacetValue {
        FacetValue(value: area.name, count: area.count, children: area.parts.isEmpty ? nil : area.parts.map(facetValue))
    }

    /// Facet counts over a query's matches (or the whole index).
    public func facets(_ params: FacetsParams, reader: IndexReader? = nil) throws(ServiceError) -> FacetsResponse {
        let search = params.search
        let response = try self.search(search, reader: reader)
        let facet = params.facet.lowercased()
        return FacetsResponse(facet: facet, query: search.query, total: response.total,
                              values: response.facets?[facet] ?? [], timeline: response.timeline,
                              facetCount: response.facetCount, missingShards: response.missingShards ?? [])
    }

    // MARK: documents and status

    public func document(_ params: DocumentParams, reader: IndexReader? = nil) throws(ServiceError) -> DocumentResponse {
        let reader = if let reader { reader } else { try openReader(synonyms: false) }
        let stored: (article: StoredArticle?, missingShards: [String])
        do {
            stored = try reader.article(id: params.id, allowPartial: params.allowPartial ?? false)
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
        guard let article = stored.article else {
            let missing = stored.missingShards
            throw missing.isEmpty
                ? ServiceError(.documentNotFound, "no article with id '\(params.id)'",
                               hint: "ids are shown by gazette search --format json")
                : ServiceError(.documentNotFound,
                               "no article with id '\(params.id)' in the shards that answered; "
                                   + "not answering: \(missing.joined(separator: ", "))",
                               hint: "the article may be on a shard that did not answer: see gazette status")
        }
        return DocumentResponse(id: article.id, title: article.title, date: article.date?.iso, path: article.path,
                                source: article.source, url: article.url, actors: article.actors,
                                countries: article.countries.map(\.name), mentions: article.mentions.map(\.name),
                                text: article.body, missingShards: stored.missingShards)
    }

    public func status(reader: IndexReader? = nil, mode: String = "direct", uptime: Double? = nil,
                       socket: String? = nil) throws(ServiceError) -> StatusResponse {
        let reader = if let reader { reader } else { try openReader(synonyms: false) }
        do {
            let lastCommit = try reader.metadata(Schema.lastCommitKey)
            let shards = reader.isSharded ? reader.shardStates().map {
                ShardInfo(name: $0.name, remote: $0.isRemote, answers: $0.documents != nil, documents: $0.documents,
                          error: $0.error)
            } : nil
            return StatusResponse(mode: mode, documents: try reader.documentCount(), index: path,
                                  revision: try reader.revision(), version: GazetteVersion.current,
                                  lastCommit: lastCommit.isEmpty ? nil : lastCommit, uptime: uptime,
                                  socket: socket, language: reader.language, shards: shards)
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
    }

    // MARK: writing

    public func index(paths: [String], options: IndexingOptions = IndexingOptions(), writer: IndexWriter? = nil,
                      progress: ((IndexingProgress) -> Void)? = nil) throws(ServiceError) -> IndexingReport {
        let parallel = writer == nil && options.parallelBuild && options.workers > 1
        // A first build needs both the gazetteer and the synonym table before
        // its threads start: the gazetteer is read while `configured` reads the table.
        BuildTrace.mark("index: start")
        let gazetteerLoad = parallel ? BackgroundLoad { () throws(ServiceError) in
            defer { BuildTrace.mark("gazetteer loaded") }
            return try self.gazetteer
        } : nil
        let options = configured(options)
        BuildTrace.mark("configuration and synonym table read")
        if let shards = options.shards {
            try prepareFolder()
            try makeShards(shards)
        }
        if let gazetteerLoad {
            try prepareFolder()
            // The files are listed while the gazetteer loads.
            let built = try ServiceError.wrap(indexPath: path) {
                try ParallelBuild.run(paths: paths, indexPath: path, language: configuration.language,
                                      gazetteer: { try gazetteerLoad.get() }, options: options, openWriter: { try openWriter() },
                                      progress: progress)
            }
            if let built {
                defer { BuildTrace.mark("synonyms stored: done") }
                return storingSynonyms(built, writer: nil)
            }
        }
        let writer = if let writer { writer } else { try openWriter() }
        let report = try ServiceError.wrap(indexPath: path) {
            // A first build turned down may still be loading the gazetteer: the same one.
            let gazetteer = try gazetteerLoad?.get() ?? self.gazetteer
            return try Indexer(writer: writer, gazetteer: gazetteer, options: options).index(paths: paths, progress: progress)
        }
        return storingSynonyms(report, writer: writer)
    }

    /// Makes the index a stub of `count` shards, or checks that it is one: a
    /// different number of shards, or shards for an index built whole, is a
    /// rebuild, refused with the way to do it.
    func makeShards(_ count: Int) throws(ServiceError) {
        let list: ShardList
        do {
            list = try ShardList.resolve(path)
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
        let rebuild = "changing the number of shards moves most articles (each goes to the shard its id hashes to), "
            + "so it is a rebuild: index into a new folder with --shards \(count), then replace the old one"
        if list.isSharded {
            guard list.shards.count == count else {
                throw ServiceError(.badParams, "the index at \(path) has \(list.shards.count) shards, not \(count)",
                                   hint: rebuild)
            }
            return
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if entries.contains(where: { $0.hasSuffix(".glass") }) {
            throw ServiceError(.badParams, "the index at \(path) was built whole, not as \(count) shards", hint: rebuild)
        }
        do {
            _ = try ShardList.create(in: path, count: count)
        } catch {
            throw ServiceError.from(error, indexPath: path)
        }
    }

    /// Brings every indexed root up to date.
    public func refresh(options: IndexingOptions = IndexingOptions(), writer: IndexWriter? = nil,
                        progress: ((IndexingProgress) -> Void)? = nil) throws(ServiceError) -> IndexingReport {
        let options = configured(options)
        let writer = if let writer { writer } else { try openWriter() }
        let report = try ServiceError.wrap(indexPath: path) {
            try Indexer(writer: writer, gazetteer: try self.gazetteer, options: options).refresh(progress: progress)
        }
        return storingSynonyms(report, writer: writer)
    }

    /// Removes articles by id (their files stay), then commits.
    public func remove(_ params: RemoveParams, writer: IndexWriter? = nil) throws(ServiceError) -> RemoveResponse {
        let writer = if let writer { writer } else { try openWriter() }
        let outcome = try ServiceError.wrap(indexPath: path) {
            try Indexer(writer: writer, gazetteer: try self.gazetteer).remove(ids: params.ids)
        }
        return RemoveResponse(removed: outcome.removed, missing: outcome.missing)
    }

    /// Applies what a folder watcher saw, through `writer` (the daemon's).
    public func apply(_ batch: FolderWatcher.Batch, writer: IndexWriter) throws(ServiceError) -> IndexingReport {
        try ServiceError.wrap(indexPath: path) {
            try Indexer(writer: writer, gazetteer: try self.gazetteer, options: configured(IndexingOptions())).apply(batch)
        }
    }

    /// `options` with what the configuration sets: file globs (for every
    /// folder), features, countries' names.
    public func configured(_ options: IndexingOptions) -> IndexingOptions {
        var options = options
        options.defaultSelection = configuration.fileSelection
        options.features = configuration.features
        // Unreadable synonyms are reported when they are stored; meanwhile articles get no canonical terms.
        options.countryNames = try? synonymTable(fingerprint: synonymFingerprint()).countryNames
        options.stop = stop
        return options
    }

    public static func response(_ report: IndexingReport) -> IndexResponse {
        IndexResponse(indexed: report.indexed, articles: report.articles, unchanged: report.unchanged,
                      failed: report.failed, removed: report.removed, ignored: report.ignored,
                      seconds: (report.seconds * 1000).rounded() / 1000,
                      failures: report.failures.map { FileProblemInfo(path: $0.path, message: $0.message) },
                      warnings: report.warnings.map { FileProblemInfo(path: $0.path, message: $0.message) },
                      summary: report.summary,
                      ignoredFiles: report.ignoredFiles.map { FileProblemInfo(path: $0.path, message: $0.message) })
    }
}
