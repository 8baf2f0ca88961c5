#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a country form names its country; the weight of the evidence differs.
enum FormKind: UInt8 {
    case name = 0, demonym, capital, city, region, cue, place, code
    /// A stock exchange's ticker suffix ("L" in "<BCS.L>"): where a company is listed.
    case exchange
    /// A market centred in the country ("Eurobond": London).
    case market
}

/// One surface form of the gazetteers, as a phrase of tokens.
struct PhraseEntry: Sendable {
    /// Next entry with the same phrase hash (another capitalisation), or -1.
    var next: Int32 = -1
    var tokenCount: UInt8 = 0
    /// Two bits a token: 0 any case, 1 capitalised, 2 all capitals,
    /// 3 lower case (or capitalised only to open a sentence).
    var caseMask: UInt32 = 0
    /// Country index, or -1. Places that are no country have `isPlace`.
    var country: Int32 = -1
    var kind: FormKind = .name
    var isPlace = false
    var countryAmbiguous = false
    var countryPerson = false
    var countryConfirm = false
    /// A currency word that counts only after an amount ("30 mln marks", not "marks the end").
    var countryAmount = false
    /// Actor index, or -1.
    var actor: Int32 = -1
    var actorAmbiguous = false
    /// A country named inside an actor's name ("Bank of Japan"), or -1.
    var innerCountry: Int32 = -1
    /// Every kind of form merged into this phrase, as `PhraseLabel` bits: the
    /// tagger sees them all ("Kremlin" is a capital and an actor).
    var labels: UInt16 = 0
}

/// Bits of `PhraseEntry.labels`: the tagger's gazetteer feature. The bit
/// numbers are part of the weight file's meaning (actor-tagger.md).
enum PhraseLabel {
    static func bit(_ kind: FormKind) -> UInt16 {
        switch kind {
        case .name: 1 << 0
        case .demonym: 1 << 1
        case .capital: 1 << 2
        case .city: 1 << 3
        case .region: 1 << 4
        case .cue: 1 << 5
        case .place: 1 << 6
        case .market: 1 << 7
        case .code, .exchange: 0
        }
    }
    static let person: UInt16 = 1 << 8
    static let organisation: UInt16 = 1 << 9
}

/// Countries, actors and word lists, loaded once from `Config/gazetteer/`.
/// Immutable after loading, so one instance serves any number of threads.
public final class Gazetteer: Sendable {
    let countryList: [Country]
    let alpha3: [String]
    /// For each country, the former country its mentions fold into, or -1.
    let within: [Int32]
    let phrases: HashMap64
    let entries: [PhraseEntry]
    /// Longest phrase that starts with a token hash.
    let firstTokenMax: HashMap64
    /// Token hash -> `Lexicon` value: word class, longest phrase, case statistic.
    let words: HashMap64
    /// Company forms ("Corp", "Plc", "GmbH"): no part of an actor's name proper.
    let companyForms: HashMap64
    /// Ticker suffix hash -> country index.
    let exchanges: HashMap64
    let actorNames: [String]
    let actorIsPerson: [Bool]
    /// Lower-cased token hashes of each actor's canonical name (for matching
    /// surnames in all-caps headlines).
    let actorTokenHashes: [[UInt64]]
    let countryLookup: [String: Int]
    let actorLookup: [String: Int]
    /// Index of the United States (the "US" rule needs it), or -1.
    let unitedStates: Int
    /// The actor tagger's weights, when `actor-tagger.bin` is there.
    let tagger: TaggerModel?
    /// Publishers' own names (`publishers.tsv`), no actors of their stories.
    public let publishers: Publishers
    /// The UN M49 regions and sub-regions of the countries.
    public let regions: Regions

    init(countryList: [Country], alpha3: [String], within: [Int32], phrases: HashMap64, entries: [PhraseEntry],
         firstTokenMax: HashMap64, words: HashMap64, companyForms: HashMap64, exchanges: HashMap64, actorNames: [String], actorIsPerson: [Bool],
         actorTokenHashes: [[UInt64]], countryLookup: [String: Int], actorLookup: [String: Int], tagger: TaggerModel?,
         publishers: Publishers, regions: Regions = .empty) {
        self.regions = regions
        self.countryList = countryList
        self.alpha3 = alpha3
        self.within = within
        self.phrases = phrases
        self.entries = entries
        self.firstTokenMax = firstTokenMax
        self.words = words
        self.companyForms = companyForms
        self.tagger = tagger
        self.publishers = publishers
        self.exchanges = exchanges
        self.actorNames = actorNames
        self.actorIsPerson = actorIsPerson
        self.actorTokenHashes = actorTokenHashes
        self.countryLookup = countryLookup
        self.actorLookup = actorLookup
        self.unitedStates = countryList.firstIndex { $0.code == "US" } ?? -1
    }

    @inline(__always) func isCompanyForm(_ hash: UInt64) -> Bool { companyForms.get(hash) != nil }

    /// Every country the gazetteer knows, current and former.
    public var allCountries: [Country] { countryList }

    /// The country a query term names: a name, alias, demonym, capital or
    /// city, or an ISO code (alpha-2, alpha-3, or alpha-4 of a former country).
    /// Case-insensitive, because a user typing `country:us` means the United
    /// States; running text is matched with case rules instead.
    public func country(matching text: String) -> Country? {
        let key = Names.key(text)
        guard !key.isEmpty, let i = countryLookup[key] else { return nil }
        return countryList[i]
    }

    /// The canonical actor for a name or alias from the alias file ("IMF" ->
    /// "International Monetary Fund"), case-insensitive; nil when unknown.
    public func actor(matching text: String) -> String? {
        let key = Names.key(text)
        guard !key.isEmpty, let i = actorLookup[key] else { return nil }
        return actorNames[i]
    }

    // MARK: Loading

    /// Loads `countries.tsv`, `actors.tsv`, `words.tsv`, `common-words.txt`,
    /// `publishers.tsv` and the actor tagger's `actor-tagger.bin` from `directory/gazetteer/`
    /// (`directory` is the project's `Config/` folder; a path that is itself
    /// the gazetteer folder is accepted too). Without the tagger's file the
    /// rules alone find actors; a damaged one is an error.
    /// With `lookupOnly`, what only extraction needs is skipped (the word
    /// lists, the tagger, the phrase table): `country(matching:)`,
    /// `actor(matching:)` and the regions work; extraction needs the full
    /// load. Searching needs no more, and starts faster.
    public static func load(directory: String, lookupOnly: Bool = false) throws -> Gazetteer {
        var dir = directory
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        let gazDir = fileExists(dir + "/gazetteer/countries.tsv") ? dir + "/gazetteer" : dir
        var builder = Builder(namesOnly: lookupOnly)
        if !lookupOnly {
            try builder.loadWords(path: gazDir + "/words.tsv")
            try builder.loadCommonWords(path: gazDir + "/common-words.txt")
        }
        try builder.loadCountries(path: gazDir + "/countries.tsv")
        try builder.loadActors(path: gazDir + "/actors.tsv")
        let taggerPath = gazDir + "/" + taggerFile
        let tagger = !lookupOnly && fileExists(taggerPath) ? try TaggerModel.load(path: taggerPath) : nil
        let publishersPath = gazDir + "/publishers.tsv"
        let publishers = fileExists(publishersPath) ? try Publishers.load(path: publishersPath) : Publishers()
        let regionsPath = gazDir + "/regions.tsv"
        let regions = fileExists(regionsPath) ? try Regions.load(path: regionsPath) : .empty
        return builder.build(tagger: tagger, publishers: publishers, regions: regions)
    }

    /// The actor tagger's weights, in the gazetteer folder.
    public static let taggerFile = "actor-tagger.bin"

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}
