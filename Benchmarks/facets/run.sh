#!/usr/bin/env bash
# Facet benchmark (not part of the tests). Usage: bash Benchmarks/facets/run.sh [reuters|million|all]
#  - the ways of counting, side by side on one index (options.sh), on Reuters-21578 and the 1M index;
#  - daemon p50/p99 of queries with --facet actor --facet country against the same queries without
#    facets, on Reuters-21578 and on about 1,000,000 articles (the shared corpora repeated: make-corpus.py
#    writes them to $BENCH_DIR, never into the repository), and the daemon's peak memory.
# The 1M index is built once and reused while the layout (Schema.version) is the same.
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-all}
work=${BENCH_DIR:-/tmp/gazette-facets}
mkdir -p "$work"
swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
swift build -c release --product gazetted >/dev/null
layout=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/GazetteIndex/Schema.swift)

serve() {  # serve ROUNDS INDEX QUERY...: starts gazetted on INDEX, runs bench.py, stops it
    local rounds=$1 index=$2 sock=$work/run/gazetted.sock
    shift 2
    rm -f "$sock"
    .build/release/gazetted --index "$index" --socket "$sock" --log-level warning &
    local pid=$!
    for _ in $(seq 600); do [ -S "$sock" ] && break; sleep 0.1; done
    /usr/bin/python3 Benchmarks/facets/bench.py "$sock" "$pid" "$rounds" "$@"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

if [ "$which" = reuters ] || [ "$which" = all ]; then
    echo "== Reuters-21578"
    rm -rf "$work/reuters"
    .build/release/gazette index ../shared/corpora/reuters/articles --index "$work/reuters" --quiet
    bash Benchmarks/facets/options.sh "$work/reuters" 21
    echo
    serve "${ROUNDS:-101}" "$work/reuters" said company oil '"oil prices"' 'oil AND country:iran' ''
fi

if [ "$which" = million ] || [ "$which" = all ]; then
    echo "== 1,000,000 articles"
    # One copy of the corpora is all the index below needs (make-corpus.py writes any number).
    [ -f "$work/corpus/copy-000.jsonl" ] || /usr/bin/python3 Benchmarks/facets/make-corpus.py "$work/corpus" 22214
    if [ "$(cat "$work/index-1m.layout" 2>/dev/null)" != "$layout" ]; then
        # Gazette indexes the first copy (22,214 articles: Reuters, BBC, CoNLL); xapian-compact joins
        # 45 copies of that index into one of 999,630 documents (ids repeat across copies: re-writing
        # a million documents' ids costs half an hour of CPU, and neither counting nor search reads ids).
        rm -rf "$work/base" "$work/index-1m"
        .build/release/gazette index "$work/corpus/copy-000.jsonl" --index "$work/base" --quiet
        copies=(); for _ in $(seq 45); do copies+=("$work/base"); done
        xapian-compact --multipass "${copies[@]}" "$work/index-1m" >/dev/null
        echo "$layout" > "$work/index-1m.layout"
    fi
    du -sh "$work/index-1m"
    OPTIONS_SKIP_STOCK=1 bash Benchmarks/facets/options.sh "$work/index-1m" 5 "" "the@Zthe" "said@Zsaid" "company@Zcompani" "oil@Zoil"
    echo
    serve "${ROUNDS_1M:-31}" "$work/index-1m" the said company oil '"oil prices"' 'oil AND country:iran' ''
fi
