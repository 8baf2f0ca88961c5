#!/usr/bin/env bash
# Instructions a search spends on its hits, counted by callgrind (exact, and
# the machine's load does not move them; valgrind cannot run gazetted, so
# this runs `gazette-full search --format json` on the index directly, one
# process per query of queries.txt). Prints the totals over the queries of
# IndexReader.hits (everything a search does per hit) and of its parts: the
# snippet (the shim's gz_mset_snippet: Gazette's own generator, or Xapian's
# MSet::snippet where it falls back), reading the record, and the rest
# (decoding, the marked text, copies). Compare two builds on one index:
#
#   bash Benchmarks/daemon/hit-instructions.sh OLD/gazette-full INDEX
#   bash Benchmarks/daemon/hit-instructions.sh NEW/gazette-full INDEX
#
# (A stripped copy, `strip -g`, runs faster under valgrind.) The ranked pass
# is left out: its time limits make its work depend on valgrind's slowness.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$1
index=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
total() { grep -E "$1" "$out/annotated" | head -1 | awk '{ gsub(",", "", $1); print $1 + 0 }'; }
hits=0 snippet=0 record=0
while IFS= read -r query; do
    case "$query" in '' | \#*) continue ;; esac
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" search "$query" --index "$index" \
        --config Config --format json >/dev/null 2>&1 || true
    callgrind_annotate --threshold=100 --inclusive=yes "$out/cg" >"$out/annotated" 2>/dev/null
    hits=$((hits + $(total 'ReaderC4hits'))); snippet=$((snippet + $(total ':gz_mset_snippet(_by)? ')))
    record=$((record + $(total ':gz_mset_hit_data ')))
done <Benchmarks/daemon/queries.txt
echo "{\"binary\":\"$bin\",\"hits\":$hits,\"snippet\":$snippet,\"record_read\":$record,\"rest\":$((hits - snippet - record))}"
