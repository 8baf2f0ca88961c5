#!/usr/bin/env bash
# Interleaved first builds by two release binaries (before/after), for the
# costs of issue 15 (stories) and issue 18 (a sharded first build, the first
# build against raw Xapian). Prints one line per build: binary, variant,
# 1-minute load, CPU user s, CPU system s, wall s, peak RSS KB. Not part of the tests.
#
#   BEFORE=... AFTER=... bash Benchmarks/indexing/ab.sh first
#       # Reuters as configured, with the raw-Xapian peer (Benchmarks/indexing/peers.py)
#       # in every round: wall and CPU ratios of before and after come from one run
#
#   BEFORE=/path/to/main/gazette AFTER=.build/release/gazette ROUNDS=3 \
#       bash Benchmarks/indexing/ab.sh stories    # Reuters, stories off and on
#   BEFORE=... AFTER=... bash Benchmarks/indexing/ab.sh shards
#       # the scale benchmark's 19,043-article corpus (CORPUS=...) as 4 local shards
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=${1:?usage: ab.sh stories|shards|first}
BEFORE=${BEFORE:?set BEFORE to the gazette binary to compare against}
AFTER=${AFTER:-.build/release/gazette}
ROUNDS=${ROUNDS:-3}
WORK=${BENCH_DIR:-/tmp/gazette-ab}
mkdir -p "$WORK"
config() {  # a copy of Config/ with stories on or off ($1), spelling as configured
    rm -rf "$WORK/config-$1"
    cp -r Config "$WORK/config-$1"
    sed -i "s/^stories = .*/stories = $([ "$1" = stories ] && echo true || echo false)/" "$WORK/config-$1/gazette.toml"
}
case $MODE in
    stories) corpus=../shared/corpora/reuters/articles; variants="none stories"; extra=(); config none; config stories ;;
    shards) corpus=${CORPUS:-/tmp/gazette-scale/corpus-19043}; variants="stories"; extra=(--shards 4); config stories
        [ -d "$corpus" ] || { echo "no corpus at $corpus: run Benchmarks/scale/bench.py --small 19043 --articles 19043 first, or set CORPUS" >&2; exit 2; } ;;
    first) corpus=${CORPUS:-../shared/corpora/reuters/articles}; variants="configured"; extra=()
        rm -rf "$WORK/config-configured"; cp -r Config "$WORK/config-configured" ;;
    *) echo "unknown mode $MODE: stories, shards or first" >&2; exit 2 ;;
esac
for _ in $(seq "$ROUNDS"); do
    for binary in before after; do
        program=$BEFORE; [ "$binary" = after ] && program=$AFTER
        for variant in $variants; do
            rm -rf "$WORK/index"
            printf '%s %s load=%s ' "$binary" "$variant" "$(cut -d' ' -f1 /proc/loadavg)"
            /usr/bin/time -f '%U %S %e %M' "$program" index "$corpus" --index "$WORK/index" \
                --config "$WORK/config-$variant" --quiet "${extra[@]}" 2>&1 | tail -1
        done
    done
    if [ "$MODE" = first ]; then
        rm -rf "$WORK/xapian"
        printf 'xapian raw load=%s ' "$(cut -d' ' -f1 /proc/loadavg)"
        /usr/bin/time -f '%U %S %e %M' /usr/bin/python3 Benchmarks/indexing/peers.py xapian "$corpus" "$WORK/xapian" 2>&1 | tail -1
    fi
done
