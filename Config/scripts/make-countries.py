#!/usr/bin/env python3
"""Regenerate Config/gazetteer/countries.tsv, the country gazetteer Gazette loads.

Sources:
  - Debian's iso-codes package: iso_3166-1.json (current countries) and
    iso_3166-3.json (former countries), /usr/share/iso-codes/json/ by default;
  - Config/gazetteer/country-extras.tsv: hand-written display names, aliases,
    demonyms, capitals, cities and non-country places (see its header).

Output (tab-separated, one record a line, '#' lines are comments):
  country <code> <alpha3> <display name>
  form    <code|-> <kind> <surface form> <flags>
  within  <code> <former code>
kinds: name, demonym, capital, city, region, cue, place, code (codes are for query look-ups
only, as is any form flagged 'lookup').

Usage: python3 Config/scripts/make-countries.py [--iso-dir DIR] [--check]
  --check: exit 1 if the committed file differs from what would be generated.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.join(os.path.dirname(HERE), "gazetteer")
KINDS = {"display", "former", "name", "demonym", "capital", "city", "region", "cue", "place", "within", "exchange", "market"}
FLAGS = {"ambiguous", "confirm", "person", "lookup", "amount"}


def fail(path, line, msg):
    sys.exit(f"{path}:{line}: {msg}")


def plural(demonym):
    # "Russian" -> "Russians", "Iraqi" -> "Iraqis", "Filipino" -> "Filipinos";
    # "Swiss", "Japanese", "British" have no plural in -s.
    last = demonym[-1]
    if last in "nio" and " " not in demonym or demonym.endswith("an"):
        return demonym + "s"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    current = json.load(open(os.path.join(args.iso_dir, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    former = json.load(open(os.path.join(args.iso_dir, "iso_3166-3.json"), encoding="utf-8"))["3166-3"]

    countries = {}   # code -> [alpha3, display]
    forms = []       # (code, kind, surface, flags)
    for c in current:
        code = c["alpha_2"]
        display = c.get("common_name") or c["name"]
        countries[code] = [c["alpha_3"], display]
        for key in ("name", "common_name", "official_name"):
            v = c.get(key)
            if not v:
                continue
            # "Korea, Republic of" and "Holy See (Vatican City State)" are no
            # phrase a writer uses: keep them for look-ups only.
            flags = "lookup" if ("," in v or "(" in v) else ""
            forms.append((code, "name", v, flags))
        forms.append((code, "code", code, "lookup"))
        forms.append((code, "code", c["alpha_3"], "lookup"))
    former_by_a4 = {c["alpha_4"]: c for c in former}

    extras_path = os.path.join(GAZ, "country-extras.tsv")
    withins = []
    with open(extras_path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) not in (3, 4):
                fail(extras_path, n, f"expected 3 or 4 tab-separated columns, found {len(cols)}")
            code, kind, surfaces = cols[0], cols[1], cols[2]
            flags = cols[3] if len(cols) == 4 else ""
            if kind not in KINDS:
                fail(extras_path, n, f"unknown kind {kind!r}")
            for fl in filter(None, flags.split(",")):
                if fl not in FLAGS:
                    fail(extras_path, n, f"unknown flag {fl!r}")
            if kind == "former":
                if code not in former_by_a4:
                    fail(extras_path, n, f"{code} is not an alpha-4 code in iso_3166-3")
                c = former_by_a4[code]
                countries[code] = [c["alpha_3"], surfaces]
                forms.append((code, "code", code, "lookup"))
                forms.append((code, "name", c["name"], "lookup"))
                continue
            if code != "-" and code not in countries:
                fail(extras_path, n, f"unknown country code {code} (declare former countries first)")
            if kind == "display":
                countries[code][1] = surfaces
                continue
            if kind == "within":
                for target in surfaces.split("|"):
                    if target not in countries:
                        fail(extras_path, n, f"unknown country code {target}")
                    withins.append((code, target))
                continue
            if (kind == "place") != (code == "-"):
                fail(extras_path, n, "kind 'place' goes with code '-', and only it")
            for s in surfaces.split("|"):
                s = s.strip()
                if not s:
                    fail(extras_path, n, "empty form")
                forms.append((code, kind, s, flags))
                if kind == "demonym":
                    p = plural(s)
                    if p:
                        forms.append((code, kind, p, flags))

    # Each display name is also a name form.
    for code, (a3, display) in countries.items():
        forms.append((code, "name", display, ""))

    # One surface form must not mean two countries in running text.
    seen = {}
    owner = {}
    out_forms = []
    rank = {"name": 0, "demonym": 1, "capital": 2, "city": 3, "region": 4, "cue": 5, "place": 6, "code": 7, "exchange": 8, "market": 9}
    for code, kind, s, flags in forms:
        # Ticker suffixes are a namespace of their own ("L" is no word of the text).
        key = (s, "exchange") if kind == "exchange" else (s, "lookup" in flags or kind == "code")
        lower_key = (s.lower(), key[1])
        if lower_key in owner and owner[lower_key] != code and not key[1]:
            sys.exit(f"{extras_path}: form {s!r} given to both {owner[lower_key]} and {code}")
        owner.setdefault(lower_key, code)
        if key in seen:
            prev = seen[key]
            if prev[0] != code and not key[1]:
                sys.exit(f"{extras_path}: form {s!r} given to both {prev[0]} and {code}")
            if prev[0] == code:
                # Same form twice (an ISO name repeated in the extras, say):
                # keep the strongest kind and every flag given.
                _, pkind, ps, pflags, at = prev
                merged = ",".join(sorted(set(filter(None, (pflags + "," + flags).split(",")))))
                best = kind if rank[kind] < rank[pkind] else pkind
                out_forms[at] = (code, best, ps, merged)
                seen[key] = (code, best, ps, merged, at)
            continue
        seen[key] = (code, kind, s, flags, len(out_forms))
        out_forms.append((code, kind, s, flags))

    lines = [
        "# GENERATED by Config/scripts/make-countries.py from Debian iso-codes",
        "# (iso_3166-1.json, iso_3166-3.json) and country-extras.tsv. Do not edit;",
        "# edit country-extras.tsv and run the script again.",
        "# country <code> <alpha3> <display> | form <code> <kind> <surface> <flags> | within <code> <former>",
    ]
    for code in sorted(countries):
        a3, display = countries[code]
        lines.append(f"country\t{code}\t{a3}\t{display}")
    for code, target in withins:
        lines.append(f"within\t{code}\t{target}")
    for code, kind, s, flags in sorted(out_forms, key=lambda f: (f[0], rank[f[1]], f[2])):
        lines.append(f"form\t{code}\t{kind}\t{s}\t{flags}")
    text = "\n".join(lines) + "\n"

    out_path = os.path.join(GAZ, "countries.tsv")
    if args.check:
        old = open(out_path, encoding="utf-8").read() if os.path.exists(out_path) else ""
        if old != text:
            sys.exit(f"{out_path} is out of date: run {sys.argv[0]}")
        return
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {out_path}: {len(countries)} countries, {len(out_forms)} forms")


if __name__ == "__main__":
    main()
