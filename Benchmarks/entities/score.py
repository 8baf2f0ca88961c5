#!/usr/bin/env python3
"""Score GazetteEntities output against the Reuters-21578 gold labels.

Input: JSON Lines from the extractor, one article a line:
  {"file", "title", "actors": [...], "countries": [names], "country_codes": [codes],
   "mentions": [...], "micros": extraction time}
(the shape printed by the dev harness and by `gazette entities --format json`).

Scores, document by document, micro-averaged:
  countries  predicted `country_codes` against the gold `places`, each slug
             mapped to an ISO code by PLACE_CODES below; `usa` is left out on
             both sides (nearly every Reuters story carries it).
  actors     recall of gold `people` and `orgs`: a person is found when one
             of the article's actors contains the surname (PERSON_KEYS for
             names that are not "given-surname"); an organisation when an actor
             is, or contains, one of its names (ORG_NAMES). The label file lists
             few actors per story, so precision cannot be measured here: the
             script prints actors per article, and the share of actors that hit
             a label as a floor.
Also: actors per article, extraction time per article (mean, median, p95).

Usage: python3 Benchmarks/entities/score.py OUTPUT.jsonl [--labels labels.jsonl] [--split TEST] [--show-errors N]
"""
import argparse
import json
import statistics
import sys
import unicodedata

# Reuters place slugs -> ISO 3166-1 alpha-2 (or ISO 3166-3 alpha-4 for former
# countries). West Germany is DE: the Federal Republic kept its code.
PLACE_CODES = {
    "afghanistan": "AF", "algeria": "DZ", "angola": "AO", "antigua": "AG", "argentina": "AR",
    "aruba": "AW", "australia": "AU", "austria": "AT", "bahamas": "BS", "bahrain": "BH",
    "bangladesh": "BD", "barbados": "BB", "belgium": "BE", "benin": "BJ", "bermuda": "BM",
    "bhutan": "BT", "bolivia": "BO", "botswana": "BW", "brazil": "BR", "brunei": "BN",
    "bulgaria": "BG", "burkina-faso": "BF", "burma": "MM", "cameroon": "CM", "canada": "CA",
    "cayman-islands": "KY", "chad": "TD", "chile": "CL", "china": "CN", "colombia": "CO",
    "congo": "CG", "costa-rica": "CR", "cuba": "CU", "cyprus": "CY", "czechoslovakia": "CSHH",
    "denmark": "DK", "djibouti": "DJ", "dominican-republic": "DO", "east-germany": "DDDE",
    "ecuador": "EC", "egypt": "EG", "el-salvador": "SV", "ethiopia": "ET", "fiji": "FJ",
    "finland": "FI", "france": "FR", "gabon": "GA", "ghana": "GH", "greece": "GR", "guam": "GU",
    "guatemala": "GT", "guinea": "GN", "guyana": "GY", "haiti": "HT", "honduras": "HN",
    "hong-kong": "HK", "hungary": "HU", "iceland": "IS", "india": "IN", "indonesia": "ID",
    "iran": "IR", "iraq": "IQ", "ireland": "IE", "israel": "IL", "italy": "IT",
    "ivory-coast": "CI", "jamaica": "JM", "japan": "JP", "jordan": "JO", "kampuchea": "KH",
    "kenya": "KE", "kuwait": "KW", "lebanon": "LB", "lesotho": "LS", "liberia": "LR",
    "libya": "LY", "liechtenstein": "LI", "luxembourg": "LU", "madagascar": "MG", "malawi": "MW",
    "malaysia": "MY", "malta": "MT", "mauritania": "MR", "mauritius": "MU", "mexico": "MX",
    "morocco": "MA", "mozambique": "MZ", "namibia": "NA", "nepal": "NP", "netherlands": "NL",
    "new-zealand": "NZ", "nicaragua": "NI", "niger": "NE", "nigeria": "NG", "north-korea": "KP",
    "norway": "NO", "oman": "OM", "pakistan": "PK", "panama": "PA", "papua-new-guinea": "PG",
    "paraguay": "PY", "peru": "PE", "philippines": "PH", "poland": "PL", "portugal": "PT",
    "qatar": "QA", "romania": "RO", "rwanda": "RW", "saudi-arabia": "SA", "senegal": "SN",
    "sierra-leone": "SL", "singapore": "SG", "somalia": "SO", "south-africa": "ZA",
    "south-korea": "KR", "spain": "ES", "sri-lanka": "LK", "sudan": "SD", "suriname": "SR",
    "swaziland": "SZ", "sweden": "SE", "switzerland": "CH", "syria": "SY", "taiwan": "TW",
    "tanzania": "TZ", "thailand": "TH", "togo": "TG", "trinidad-tobago": "TT", "tunisia": "TN",
    "turkey": "TR", "uae": "AE", "uganda": "UG", "uk": "GB", "uruguay": "UY",
    "us-virgin-islands": "VI", "usa": "US", "ussr": "SUHH", "vanuatu": "VU", "venezuela": "VE",
    "vietnam": "VN", "west-germany": "DE", "yemen-arab-republic": "YE",
    "yemen-demo-republic": "YDYE", "yugoslavia": "YUCS", "zaire": "CD", "zambia": "ZM",
    "zimbabwe": "ZW",
}
LEFT_OUT = {"US"}

# People whose slug's last word is not the word a name-finder shows: surname
# first (Chinese names), a title ("king-fahd"), or double surnames written
# either way. Default: the slug's last word.
PERSON_KEYS = {
    "zhao-ziyang": ["zhao"], "deng-xiaoping": ["deng"], "wang-bingqian": ["wang"],
    "king-fahd": ["fahd"], "mancera-aguayo": ["mancera", "aguayo"],
    "bresser-pereira": ["bresser", "pereira"], "cavaco-silva": ["cavaco", "silva"],
    "perez-de-cuellar": ["cuellar", "perez"], "mohammed-ali-abal-khail": ["khail"],
    "von-weizsaecker": ["weizsaecker"],
}

# Organisation slugs -> names an extractor may give (canonical or short).
ORG_NAMES = {
    "ec": ["European Community", "European Communities", "European Economic Community", "EC", "EEC",
           "Common Market", "European Commission", "EC Commission"],
    "imf": ["International Monetary Fund", "IMF"],
    "opec": ["OPEC", "Organization of Petroleum Exporting Countries", "Organisation of Petroleum Exporting Countries"],
    "worldbank": ["World Bank"],
    "gatt": ["GATT", "General Agreement on Tariffs and Trade"],
    "ico-coffee": ["International Coffee Organization", "International Coffee Organisation", "ICO"],
    "oecd": ["OECD", "Organisation for Economic Co-operation and Development",
             "Organization for Economic Cooperation and Development"],
    "icco": ["International Cocoa Organization", "International Cocoa Organisation", "ICCO"],
    "adb-asia": ["Asian Development Bank", "ADB"],
    "itc": ["International Tin Council", "ITC"],
    "adb-africa": ["African Development Bank", "AfDB", "ADB"],
    "un": ["United Nations", "UN", "U.N."],
    "unctad": ["United Nations Conference on Trade and Development", "UNCTAD"],
    "fao": ["Food and Agriculture Organization", "FAO"],
    "inro": ["International Natural Rubber Organization", "INRO"],
    "eib": ["European Investment Bank", "EIB"],
    "iea": ["International Energy Agency", "IEA"],
    "ida": ["International Development Association", "IDA"],
    "atpc": ["Association of Tin Producing Countries", "ATPC"],
    "gcc": ["Gulf Cooperation Council", "GCC"],
    "isa": ["International Sugar Organization", "International Sugar Agreement", "ISA", "ISO"],
    "bis": ["Bank for International Settlements", "BIS"],
    "oapec": ["Organization of Arab Petroleum Exporting Countries", "OAPEC"],
    "iwc-wheat": ["International Wheat Council", "IWC"],
    "asean": ["Association of South East Asian Nations", "Association of Southeast Asian Nations", "ASEAN"],
    "escap": ["Economic and Social Commission for Asia and the Pacific", "ESCAP"],
    "eca": ["Economic Commission for Africa", "ECA"],
    "imco": ["International Maritime Organization", "IMCO", "IMO"],
    "euratom": ["European Atomic Energy Community", "Euratom"],
    "iwcc": ["International Wrought Copper Council", "IWCC"],
    "comecon": ["Council for Mutual Economic Assistance", "Comecon", "CMEA"],
    "efta": ["European Free Trade Association", "EFTA"],
}


def fold(s):
    """Lower case, accents off (ä -> ae as in German transliteration)."""
    s = s.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def words(s):
    return fold(s).replace("-", " ").replace(".", " ").replace("'", " ").split()


def contains_words(hay, needle):
    n = len(needle)
    return any(hay[i:i + n] == needle for i in range(len(hay) - n + 1)) if n else False


def person_found(slug, actor_words):
    keys = PERSON_KEYS.get(slug) or [slug.split("-")[-1]]
    return any(k in aw for aw in actor_words for k in keys)


def org_found(slug, actors, actor_words):
    names = ORG_NAMES.get(slug, [slug])
    for name in names:
        nw = words(name)
        for a, aw in zip(actors, actor_words):
            if a == name or contains_words(aw, nw):
                return True
    return False


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("output")
    ap.add_argument("--labels", default="/work/shared/corpora/reuters/labels.jsonl")
    ap.add_argument("--show-errors", type=int, default=0, help="print N country errors and N missed actors")
    ap.add_argument("--split", choices=["TRAIN", "TEST", "NOT-USED"],
                    help="score only articles of this Lewis split (salience weights were chosen on TRAIN)")
    args = ap.parse_args()

    labels = {}
    with open(args.labels, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            labels[d["file"]] = d

    rows = []
    with (sys.stdin if args.output == "-" else open(args.output, encoding="utf-8")) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))

    unknown_slugs = set()
    c_tp = c_fp = c_fn = 0
    a_tp = a_fp = a_fn = annotated = 0
    m_tp = m_fp = m_fn = 0
    p_total = p_found = o_total = o_found = 0
    hits = actors_in_labelled = 0
    n_actors = 0
    micros = []
    scored = 0
    country_errors = []
    missed = []
    for row in rows:
        micros.append(row.get("micros", 0.0))
        n_actors += len(row.get("actors", []))
        gold = labels.get(row["file"].split("/")[-1])
        if gold is None or (args.split and gold.get("lewissplit") != args.split):
            continue
        scored += 1
        codes = set()
        for slug in gold["places"]:
            if slug not in PLACE_CODES:
                unknown_slugs.add(slug)
                continue
            codes.add(PLACE_CODES[slug])
        codes -= LEFT_OUT
        pred = set(row.get("country_codes", [])) - LEFT_OUT
        tp = len(codes & pred)
        c_tp += tp
        c_fp += len(pred - codes)
        c_fn += len(codes - pred)
        # Stories the editors gave no label of any kind were never annotated;
        # the second figure leaves them out (the first, the benchmark's, does not).
        if gold["places"] or gold["topics"] or gold["people"] or gold["orgs"]:
            annotated += 1
            a_tp += tp
            a_fp += len(pred - codes)
            a_fn += len(codes - pred)
        if pred != codes and len(country_errors) < args.show_errors:
            country_errors.append((row["file"], sorted(codes), sorted(pred), row.get("mentions", [])))

        actors = row.get("actors", [])
        aw = [words(a) for a in actors]
        used = set()
        for slug in gold["people"]:
            p_total += 1
            if person_found(slug, aw):
                p_found += 1
            elif len(missed) < args.show_errors:
                missed.append((row["file"], slug, actors))
        for slug in gold["orgs"]:
            o_total += 1
            if org_found(slug, actors, aw):
                o_found += 1
            elif len(missed) < args.show_errors:
                missed.append((row["file"], slug, actors))
        if gold["people"] or gold["orgs"]:
            actors_in_labelled += len(actors)
            for a, w in zip(actors, aw):
                if any(person_found(s, [w]) for s in gold["people"]) or any(org_found(s, [a], [w]) for s in gold["orgs"]):
                    hits += 1

    if unknown_slugs:
        print("warning: place slugs without a code:", ", ".join(sorted(unknown_slugs)), file=sys.stderr)
    cp, cr, cf = prf(c_tp, c_fp, c_fn)
    a_total = p_total + o_total
    a_found = p_found + o_found
    print(f"articles: {len(rows)} read, {scored} with labels")
    print(f"countries (salient, without usa): P {cp:.3f}  R {cr:.3f}  F1 {cf:.4f}   (tp {c_tp}, fp {c_fp}, fn {c_fn})")
    ap, ar, af = prf(a_tp, a_fp, a_fn)
    print(f"  on the {annotated} stories with any label: P {ap:.3f}  R {ar:.3f}  F1 {af:.4f}   "
          f"({scored - annotated} unannotated stories left out)")
    print(f"actors: recall {a_found / max(a_total, 1):.3f} ({a_found}/{a_total})"
          f"   people {p_found / max(p_total, 1):.3f} ({p_found}/{p_total})"
          f"   orgs {o_found / max(o_total, 1):.3f} ({o_found}/{o_total})")
    print(f"actors: share naming a gold label, in labelled articles (a floor, labels are sparse): "
          f"{hits / max(actors_in_labelled, 1):.3f} ({hits}/{actors_in_labelled})")
    print(f"actors per article: {n_actors / max(len(rows), 1):.2f}")
    if micros:
        ms = sorted(micros)
        print(f"extraction: mean {statistics.mean(ms):.1f} us, median {ms[len(ms) // 2]:.1f} us, "
              f"p95 {ms[int(len(ms) * 0.95)]:.1f} us per article")
    for e in country_errors:
        print("COUNTRY", *e, sep="\t")
    for e in missed:
        print("MISSED", *e, sep="\t")


if __name__ == "__main__":
    main()
