#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole text file as lines (`TextLines`); the error names the file.
func readLines(_ path: String) throws -> [Substring] {
    TextLines.lines(of: String(decoding: try readBytes(path), as: UTF8.self))
}

/// The lines of a gazetteer file that hold a record (no blank lines, no
/// `#` comments), each with its 0-based line index.
func readRecords(_ path: String) throws -> [(index: Int, line: Substring)] {
    var out: [(index: Int, line: Substring)] = []
    for (n, line) in try readLines(path).enumerated() {
        if let first = line.utf8.first, first != UInt8(ascii: "#") { out.append((n, line)) }
    }
    return out
}

/// Reads a whole file; the error names the file.
func readBytes(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else {
        throw GazetteerError(file: path, line: 0, message: "cannot open: " + String(cString: strerror(errno)))
    }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let got = fread(&chunk, 1, chunk.count, f)
        if got <= 0 { break }
        bytes.append(contentsOf: chunk[0..<got])
    }
    if ferror(f) != 0 {
        throw GazetteerError(file: path, line: 0, message: "cannot read: " + String(cString: strerror(errno)))
    }
    return bytes
}

/// Builds the immutable tables; errors name file and line.
struct Builder {
    /// Only the look-ups of names (`country(matching:)`, `actor(matching:)`):
    /// no phrase table, which only extraction reads and which is most of the
    /// loading time of a search that names a country or an actor. Nor its
    /// checks of each form's words: the full load, which every build of an
    /// index makes, reports a form without words.
    let namesOnly: Bool
    var countryList: [Country] = []
    var alpha3: [String] = []
    var countryIndex: [String: Int] = [:]
    var withinPairs: [(Int, Int)] = []
    var entries: [PhraseEntry] = []
    var phrases: HashMap64
    var firstTokenMax: HashMap64
    var words: HashMap64
    var companyForms = HashMap64(capacity: 64)
    var exchanges = HashMap64(capacity: 64)
    var actorNames: [String] = []
    var actorIsPerson: [Bool] = []
    var actorIndex: [String: Int] = [:]
    var countryLookup: [String: Int] = [:]
    var actorLookup: [String: Int] = [:]
    /// Country forms as token hash lists, to find countries inside actor
    /// names: each list's country and its place among the forms (the first wins).
    var countryPhrases: [[UInt64]: (order: Int, country: Int)] = [:]
    var longestCountryPhrase = 0

    init(namesOnly: Bool = false) {
        self.namesOnly = namesOnly
        // The look-ups alone fill none of these: a search zeroes no megabytes for them.
        phrases = HashMap64(capacity: namesOnly ? 8 : 8192)
        firstTokenMax = HashMap64(capacity: namesOnly ? 8 : 8192)
        words = HashMap64(capacity: namesOnly ? 8 : 65536)
    }

    func tokens(of text: String) -> [Token] {
        var toks: [Token] = []
        var s = text
        s.makeContiguousUTF8()
        s.utf8.withContiguousStorageIfAvailable { buf in
            Tokenizer(words: HashMap64(capacity: 1)).tokenize(buf, into: &toks)
        }
        return toks
    }

    func caseMask(_ toks: [Token]) -> UInt32 {
        var m: UInt32 = 0
        for (i, t) in toks.enumerated() where i < 16 {
            // A lower-case word in a form ("yen", "rand") must be lower case
            // in text, except a connector inside a name ("Bank of Japan").
            let need: UInt32 = t.has(TokenFlags.allCaps) ? 2 : (t.has(TokenFlags.cap) ? 1 : (i == 0 && t.has(TokenFlags.lower) ? 3 : 0))
            m |= need << (2 * UInt32(i))
        }
        return m
    }

    mutating func loadWords(path: String) throws {
        for (n, line) in try readRecords(path) {
            let cols = TextLines.columns(line)
            guard cols.count == 2 else {
                throw GazetteerError(file: path, line: n + 1, message: "expected 2 tab-separated columns (class, words), found \(cols.count)")
            }
            if cols[0] == "company" {
                for w in TextLines.items(cols[1], separatedBy: "|") {
                    let toks = tokens(of: String(w))
                    guard toks.count == 1 else {
                        throw GazetteerError(file: path, line: n + 1, message: "'\(w)' is not a single word")
                    }
                    companyForms.set(toks[0].hash, 1)
                }
                continue
            }
            let bit: UInt8
            switch cols[0] {
            case "title": bit = WordClass.title
            case "orgcue": bit = WordClass.orgCue
            case "connector": bit = WordClass.connector
            case "stop": bit = WordClass.stop
            case "common": bit = WordClass.common
            case "abbrev": bit = WordClass.abbrev
            case "event": bit = WordClass.event
            default:
                throw GazetteerError(file: path, line: n + 1, message: "unknown word class '\(cols[0])'")
            }
            for w in TextLines.items(cols[1], separatedBy: "|") {
                let toks = tokens(of: String(w))
                guard toks.count == 1 else {
                    throw GazetteerError(file: path, line: n + 1, message: "'\(w)' is not a single word")
                }
                let old = words.get(toks[0].hash) ?? 0
                words.set(toks[0].hash, old | Int32(bit))
            }
        }
    }

    mutating func loadCommonWords(path: String) throws {
        for (n, line) in try readRecords(path) {
            let toks = tokens(of: String(line))
            guard toks.count == 1 else {
                throw GazetteerError(file: path, line: n + 1, message: "'\(line)' is not a single word")
            }
            let old = words.get(toks[0].hash) ?? 0
            words.set(toks[0].hash, old | Int32(WordClass.dictionary))
        }
    }

    mutating func loadCountries(path: String) throws {
        var pendingWithin: [(String, String, Int)] = []
        for (n, line) in try readRecords(path) {
            let cols = TextLines.columns(line)
            func bad(_ m: String) -> GazetteerError { GazetteerError(file: path, line: n + 1, message: m) }
            switch cols[0] {
            case "country":
                guard cols.count == 4, !cols[1].isEmpty, !cols[3].isEmpty else {
                    throw bad("expected: country <code> <alpha3> <name>")
                }
                let code = String(cols[1])
                guard countryIndex[code] == nil else { throw bad("country \(code) given twice") }
                countryIndex[code] = countryList.count
                countryList.append(Country(code: code, name: String(cols[3])))
                alpha3.append(String(cols[2]))
                countryLookup[Names.key(String(cols[3]))] = countryList.count - 1
            case "within":
                guard cols.count == 3 else { throw bad("expected: within <code> <former code>") }
                pendingWithin.append((String(cols[1]), String(cols[2]), n + 1))
            case "form":
                guard cols.count == 5, !cols[3].isEmpty else {
                    throw bad("expected: form <code> <kind> <surface> <flags>")
                }
                let kind: FormKind
                switch cols[2] {
                case "name": kind = .name
                case "demonym": kind = .demonym
                case "capital": kind = .capital
                case "city": kind = .city
                case "region": kind = .region
                case "cue": kind = .cue
                case "place": kind = .place
                case "code": kind = .code
                case "exchange": kind = .exchange
                case "market": kind = .market
                default: throw bad("unknown form kind '\(cols[2])'")
                }
                var ambiguous = false, person = false, confirm = false, amount = false, lookupOnly = kind == .code
                for flag in TextLines.items(cols[4], separatedBy: ",") {
                    switch flag {
                    case "ambiguous": ambiguous = true
                    case "person": person = true
                    case "confirm": confirm = true
                    case "lookup": lookupOnly = true
                    case "amount": amount = true
                    default: throw bad("unknown flag '\(flag)'")
                    }
                }
                var country = -1
                if kind == .place {
                    guard cols[1] == "-" else { throw bad("a place takes the code '-'") }
                } else {
                    guard let c = countryIndex[String(cols[1])] else {
                        throw bad("unknown country code '\(cols[1])' (countries must come first)")
                    }
                    country = c
                    if kind == .exchange {
                        if namesOnly { continue }
                        // No phrase of running text, and no query term.
                        if cols[3] == "-" {
                            exchanges.set(Tokenizer.unsuffixedTicker, Int32(c))
                            continue
                        }
                        let toks = tokens(of: String(cols[3]))
                        guard toks.count == 1 else { throw bad("exchange suffix '\(cols[3])' is not one word") }
                        exchanges.set(toks[0].hash, Int32(c))
                        continue
                    }
                    // Query look-ups: the first form given for a key wins, so
                    // a country's own name beats another's city of that name.
                    let key = Names.key(String(cols[3]))
                    if countryLookup[key] == nil { countryLookup[key] = c }
                }
                if lookupOnly || namesOnly { continue }
                let toks = tokens(of: String(cols[3]))
                guard !toks.isEmpty, toks.count <= 16 else { throw bad("form '\(cols[3])' has no words or too many") }
                var e = PhraseEntry()
                e.tokenCount = UInt8(toks.count)
                e.caseMask = caseMask(toks)
                e.country = Int32(country)
                e.kind = kind
                e.isPlace = kind == .place
                e.countryAmbiguous = ambiguous
                e.countryPerson = person
                e.countryConfirm = confirm
                e.countryAmount = amount
                e.labels = PhraseLabel.bit(kind)
                add(e, toks)
                if country >= 0 && (kind == .name || kind == .demonym || kind == .capital || kind == .city) {
                    let hashes = toks.map(\.hash)
                    if countryPhrases[hashes] == nil { countryPhrases[hashes] = (countryPhrases.count, country) }
                    longestCountryPhrase = max(longestCountryPhrase, hashes.count)
                }
            default:
                throw bad("unknown record '\(cols[0])' (country, within, form)")
            }
        }
        for (a, b, line) in pendingWithin {
            guard let x = countryIndex[a], let y = countryIndex[b] else {
                throw GazetteerError(file: path, line: line, message: "unknown country code in within \(a) \(b)")
            }
            withinPairs.append((x, y))
        }
        if countryList.isEmpty { throw GazetteerError(file: path, line: 0, message: "no country records") }
    }

    mutating func loadActors(path: String) throws {
        for (n, line) in try readRecords(path) {
            let cols = TextLines.columns(line)
            func bad(_ m: String) -> GazetteerError { GazetteerError(file: path, line: n + 1, message: m) }
            guard cols.count >= 2 && cols.count <= 4 else {
                throw bad("expected 2 to 4 tab-separated columns (canonical, kind, aliases, flags), found \(cols.count)")
            }
            let canonical = String(cols[0])
            guard !canonical.isEmpty else { throw bad("empty canonical name") }
            guard cols[1] == "org" || cols[1] == "person" else { throw bad("kind must be org or person, not '\(cols[1])'") }
            var ambiguous = false
            var homeCountry = -1
            if cols.count == 4 {
                for flag in TextLines.items(cols[3], separatedBy: ",") {
                    if flag == "ambiguous" {
                        ambiguous = true
                    } else if flag.utf8.starts(with: "country=".utf8) {
                        guard let c = countryIndex[String(flag.dropFirst(8))] else {
                            throw bad("unknown country in '\(flag)'")
                        }
                        homeCountry = c
                    } else {
                        throw bad("unknown flag '\(flag)'")
                    }
                }
            }
            let id: Int
            if let known = actorIndex[canonical] {
                id = known
            } else {
                id = actorNames.count
                actorIndex[canonical] = id
                actorNames.append(canonical)
                actorIsPerson.append(cols[1] == "person")
            }
            // The canonical name is a form too, unless this line only gives
            // some aliases a flag; a flagged line without aliases flags the name.
            let aliases = cols.count >= 3 ? TextLines.items(cols[2], separatedBy: "|") : []
            var forms: [(Substring, Bool)] = aliases.map { ($0, ambiguous) }
            if aliases.isEmpty {
                forms.append((Substring(canonical), ambiguous))
            } else if !ambiguous {
                forms.append((Substring(canonical), false))
            }
            for (form, formAmbiguous) in forms {
                if namesOnly {
                    actorLookup[Names.key(String(form))] = id
                    continue
                }
                let toks = tokens(of: String(form))
                guard !toks.isEmpty, toks.count <= 16 else { throw bad("alias '\(form)' has no words or too many") }
                var e = PhraseEntry()
                e.tokenCount = UInt8(toks.count)
                e.caseMask = caseMask(toks)
                e.actor = Int32(id)
                e.actorAmbiguous = formAmbiguous
                // The actor's own country, or one its name holds ("Bank of Japan").
                e.innerCountry = Int32(homeCountry >= 0 ? homeCountry : innerCountry(toks.map(\.hash)))
                e.labels = cols[1] == "person" ? PhraseLabel.person : PhraseLabel.organisation
                add(e, toks)
                actorLookup[Names.key(String(form))] = id
            }
            actorLookup[Names.key(canonical)] = id
        }
    }

    /// The first country form (in the forms' order) found inside an actor's
    /// name ("Bank of Japan"): every span of the name looked up once, rather
    /// than every form searched for in the name, which made loading the
    /// gazetteer for a `country:` filter cost more than the search.
    func innerCountry(_ hashes: [UInt64]) -> Int {
        guard longestCountryPhrase > 0 else { return -1 }
        var best: (order: Int, country: Int)?
        for start in hashes.indices {
            for end in (start + 1)...min(hashes.count, start + longestCountryPhrase) {
                if let found = countryPhrases[Array(hashes[start..<end])], found.order < best?.order ?? .max {
                    best = found
                }
            }
        }
        return best?.country ?? -1
    }

    /// Adds a phrase; a form with the same words and capitals as an earlier
    /// one merges into it (the "Kremlin" is an actor and names Russia).
    mutating func add(_ e: PhraseEntry, _ toks: [Token]) {
        var h = phraseSeed
        for t in toks { h = combine(h, t.hash) }
        if let head = phrases.get(h) {
            var i = Int(head)
            while true {
                if entries[i].tokenCount == e.tokenCount && entries[i].caseMask == e.caseMask {
                    var m = entries[i]
                    m.labels |= e.labels
                    if e.country >= 0 || e.isPlace {
                        if m.country < 0 && !m.isPlace {
                            m.country = e.country; m.kind = e.kind; m.isPlace = e.isPlace
                            m.countryAmbiguous = e.countryAmbiguous; m.countryPerson = e.countryPerson
                            m.countryConfirm = e.countryConfirm; m.countryAmount = e.countryAmount
                        }
                    }
                    if e.actor >= 0 && m.actor < 0 {
                        m.actor = e.actor; m.actorAmbiguous = e.actorAmbiguous; m.innerCountry = e.innerCountry
                    }
                    entries[i] = m
                    return
                }
                if entries[i].next < 0 { break }
                i = Int(entries[i].next)
            }
            var ne = e
            ne.next = -1
            entries[i].next = Int32(entries.count)
            entries.append(ne)
        } else {
            phrases.set(h, Int32(entries.count))
            entries.append(e)
        }
        let first = toks[0].hash
        let old = firstTokenMax.get(first) ?? 0
        if Int32(toks.count) > old { firstTokenMax.set(first, Int32(toks.count)) }
    }

    func build(tagger: TaggerModel?, publishers: Publishers, regions: Regions = .empty) -> Gazetteer {
        var within = [Int32](repeating: -1, count: countryList.count)
        for (a, b) in withinPairs { within[a] = Int32(b) }
        var actorTokenHashes: [[UInt64]] = []
        if !namesOnly {
            for name in actorNames { actorTokenHashes.append(tokens(of: name).map(\.hash)) }
        }
        // One look-up a token: the word's class, the longest phrase it opens, its case statistic.
        var lexicon = words
        firstTokenMax.forEach { hash, longest in
            lexicon.set(hash, (lexicon.get(hash) ?? 0) | min(longest, 255) << Lexicon.phraseShift)
        }
        tagger?.caseStatistics.forEach { hash, bucket in
            lexicon.set(hash, (lexicon.get(hash) ?? 0) | (bucket & 0xF) << Lexicon.caseShift)
        }
        return Gazetteer(countryList: countryList, alpha3: alpha3, within: within, phrases: phrases, entries: entries,
                         firstTokenMax: firstTokenMax, words: lexicon, companyForms: companyForms, exchanges: exchanges, actorNames: actorNames,
                         actorIsPerson: actorIsPerson, actorTokenHashes: actorTokenHashes,
                         countryLookup: countryLookup, actorLookup: actorLookup, tagger: tagger,
                         publishers: publishers, regions: regions)
    }
}

