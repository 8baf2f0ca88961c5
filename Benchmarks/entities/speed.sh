#!/bin/sh
# Extraction speed of the working tree against a git revision, side by side.
# Builds the timing harness (speed/main.swift) with each one's
# Sources/GazetteEntities (and runs it on each one's Config/), optimised as `swift build -c release` does (whole
# module), then runs the two in turns, ROUNDS times, on one corpus: µs of CPU
# time per article, three passes a run, and the CPU time of loading the gazetteer. With --instructions, also
# what callgrind counts in one pass of extraction: instructions, and the data
# reads that miss a simulated 32 KB L1 and 512 KB L2 (this machine's caches per
# core): exact, and not moved by other work on the machine.
# Usage: sh Benchmarks/entities/speed.sh [--instructions] [REV [ARTICLES_DIR [ROUNDS]]]
set -e
count=""
if [ "$1" = "--instructions" ]; then count=1; shift; fi
root=$(cd "$(dirname "$0")/../.." && pwd)
rev=${1:-main}
articles=${2:-$root/../shared/corpora/reuters/articles}
rounds=${3:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/gazette-speed.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/base"
git -C "$root" archive "$rev" Sources/GazetteEntities Config | tar -x -C "$work/base"
swiftc -O -wmo -module-name GazetteEntities -o "$work/speed-base" \
    "$work"/base/Sources/GazetteEntities/*.swift "$root/Benchmarks/entities/speed/main.swift" >&2
swiftc -O -wmo -module-name GazetteEntities -o "$work/speed-tree" \
    "$root"/Sources/GazetteEntities/*.swift "$root/Benchmarks/entities/speed/main.swift" >&2
i=0
while [ "$i" -lt "$rounds" ]; do
    echo "$rev:  $("$work/speed-base" "$work/base/Config" "$articles" 3)"
    echo "tree: $("$work/speed-tree" "$root/Config" "$articles" 3)"
    i=$((i + 1))
done
if [ -n "$count" ]; then
    for side in base tree; do
        config="$root/Config"
        if [ "$side" = base ]; then config="$work/base/Config"; fi
        valgrind --tool=callgrind --callgrind-out-file="$work/$side.callgrind" --collect-atstart=no \
            --toggle-collect='$s15GazetteEntities10extractAllyyF' --cache-sim=yes --D1=32768,8,64 --LL=524288,8,64 \
            "$work/speed-$side" "$config" "$articles" 1 2>&1 >/dev/null \
            | awk -v side="$side" '/Collected :/ { print side ": instructions " $4 ", L1 data read misses " $8 ", L2 data read misses " $11 }'
    done
fi
