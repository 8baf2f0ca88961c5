#!/usr/bin/env python3
"""Actor and country errors on CoNLL-2003 train, by category.

Reads the shared scorer's --details output (per story: a_fp, a_fn, c_fp, c_fn)
and the gold labels, and sorts every error into a category by what the gold
says the string is and where it stands:

  misses (gold PER/ORG not found): sports clubs named after a place; other
    sports teams (sports stories); leagues, federations and governing bodies;
    news agencies; companies; other organisations; people in sports stories;
    other people;
  false actors (found, matching no gold PER/ORG): places (gold LOC: venues,
    cities, regions); MISC names (events, competitions, works, nationalities);
    table rows and headers (a line of figures); other (not a name, or wrong
    boundaries);
  countries: false mentions (kind of string that produced them is not known
    here: only the country) and misses.

  python3 Benchmarks/entities/error-categories.py DETAILS.jsonl [--examples 8]
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "shared")
sys.path.insert(0, os.path.join(SHARED, "tools", "score-entities"))
import score_entities as S  # noqa: E402
import countries as C  # noqa: E402

CONLL = os.path.join(SHARED, "corpora", "conll2003-train")
AGENCY = re.compile(r"\b(reuters|afp|ap|associated press|interfax|itar tass|tass|xinhua|ansa|pti|dpa|kyodo|"
                    r"irna|mena|anatolian|bernama|antara|efe|ctk|pap|mta|bta|hina|tanjug|news agency|"
                    r"press agency|agence france presse|news service|wire)\b")
LEAGUE = re.compile(r"\b(league|federation|association|fa|uefa|fifa|nba|nhl|nfl|mlb|ioc|icc|itf|atp|wta|pga|"
                    r"union|committee|council|olympic|board|confederation|concacaf|fis|iaaf|fia|fim|tour)\b")
COMPANY = re.compile(r"\b(corp|corporation|inc|ltd|plc|co|company|group|holdings|bank|airlines?|motors?|"
                     r"industries|international|ag|sa|nv|bhd|pty|llc|securities|capital|partners|"
                     r"financial|energy|oil|petroleum|telecom|communications|systems|technologies)\b")
TABLE_LINE = re.compile(r"(\d+\s+){2,}\d+")   # three figures in a row


def sports_story(title):
    return re.match(r"^[A-Z][A-Z .&]+ - ", title) is not None and not title.startswith("PRESS DIGEST")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("details")
    ap.add_argument("--examples", type=int, default=6)
    a = ap.parse_args()
    gold = {}
    for line in open(os.path.join(CONLL, "labels.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        gold[d["file"]] = d
    cats = Counter()
    ex = defaultdict(Counter)
    totals = Counter()
    for line in open(a.details, encoding="utf-8"):
        r = json.loads(line)
        g = gold[r["file"]]
        text = open(os.path.join(CONLL, "articles", r["file"]), encoding="utf-8").read()
        lines = text.split("\n")
        sports = sports_story(lines[0])
        per = {S.anorm(s) for s in g["PER"]}
        org = {S.anorm(s) for s in g["ORG"]}
        loc = {S.anorm(s) for s in g["LOC"]}
        misc = {S.anorm(s) for s in g["MISC"]}
        for s in r["a_fn"]:
            x = tuple(s.split())
            if x in org:
                if sports and (C.normalise(s) or S.city_country(s) or x in loc):
                    c = "miss: sports club named after a place"
                elif AGENCY.search(s):
                    c = "miss: news agency"
                elif LEAGUE.search(s):
                    c = "miss: league, federation, governing body"
                elif sports:
                    c = "miss: other sports team (sports story)"
                elif COMPANY.search(s):
                    c = "miss: company"
                else:
                    c = "miss: other organisation"
            else:
                c = "miss: person (sports story)" if sports else "miss: person (other)"
            cats[c] += 1
            ex[c][s] += 1
        for s in r["a_fp"]:
            x = tuple(s.split())
            low = [ln.lower() for ln in lines]
            in_table = any(TABLE_LINE.search(ln) and s in re.sub(r"[^\w ]+", " ", ln) for ln in low)
            if any(S.amatch(x, y) for y in loc):
                c = "false: place (gold LOC; venue, city, region)"
            elif any(S.amatch(x, y) for y in misc):
                c = "false: MISC name (event, competition, work, nationality)"
            elif in_table:
                c = "false: in a table row or header"
            else:
                c = "false: other (not a name, or wrong boundaries)"
            cats[c] += 1
            ex[c][s] += 1
        for s in r["c_fp"]:
            cats["country: false mention"] += 1
            ex["country: false mention"][s] += 1
        for s in r["c_fn"]:
            cats["country: missed"] += 1
            ex["country: missed"][s] += 1
        totals["fn"] += len(r["a_fn"])
        totals["fp"] += len(r["a_fp"])
    print(f"actor misses {totals['fn']}, false actors {totals['fp']}")
    print("| category | count | examples |\n| --- | --- | --- |")
    for c in sorted(cats, key=lambda k: (k.split(":")[0], -cats[k])):
        eg = ", ".join(f"{k} ({v})" if v > 1 else k for k, v in ex[c].most_common(a.examples))
        print(f"| {c} | {cats[c]} | {eg} |")


if __name__ == "__main__":
    main()
