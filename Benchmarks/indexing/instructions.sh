#!/usr/bin/env bash
# Instructions a first build takes, by two release binaries (before/after):
# callgrind counts them, so the figure does not move with the machine's load
# as CPU time does. Each binary is copied without debug information first
# (valgrind reads a release build's DWARF slowly). Not part of the tests.
#
#   BEFORE=/path/to/main/gazette-full AFTER=.build/release/gazette-full \
#       bash Benchmarks/indexing/instructions.sh [CORPUS]
#       # CORPUS: a folder of articles, by default 1,200 Reuters articles
#       # copied to $BENCH_DIR/corpus (at least 1,000 files: the parallel
#       # first build runs, as on a full corpus)
#
# Prints per binary: instructions in total, and per article.
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=${BEFORE:?set BEFORE to the gazette-full binary to compare against}
AFTER=${AFTER:-.build/release/gazette-full}
WORK=${BENCH_DIR:-/tmp/gazette-instructions}
mkdir -p "$WORK"
corpus=${1:-}
if [ -z "$corpus" ]; then
    corpus=$WORK/corpus
    if [ ! -d "$corpus" ]; then
        mkdir -p "$corpus"
        ls ../shared/corpora/reuters/articles | sort -n | sed -n '5001,6200p' |
            while read -r name; do cp "../shared/corpora/reuters/articles/$name" "$corpus/"; done
    fi
fi
articles=$(find "$corpus" -type f | wc -l)
for binary in before after; do
    program=$BEFORE; [ "$binary" = after ] && program=$AFTER
    cp "$program" "$WORK/$binary"
    strip -g "$WORK/$binary"
    rm -rf "$WORK/index-$binary"
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind-$binary.out" "$WORK/$binary" index "$corpus" \
        --index "$WORK/index-$binary" --config Config --quiet > "$WORK/$binary.log" 2>&1
    total=$(grep -m1 '^summary:' "$WORK/callgrind-$binary.out" | cut -d' ' -f2)
    echo "$binary instructions=$total per-article=$((total / articles)) articles=$articles"
done
echo "breakdown: callgrind_annotate --inclusive=yes $WORK/callgrind-after.out | head -60"
