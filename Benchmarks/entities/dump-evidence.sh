#!/bin/sh
# Builds the evidence dump (the GazetteEntities sources and dump/main.swift as one
# module, so it sees internals) and runs it: raw country mentions per article,
# JSON Lines, for analysis in Python (Benchmarks/entities/salience.py).
# Usage: sh Benchmarks/entities/dump-evidence.sh [ARTICLES_DIR] > /tmp/ev.jsonl
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${TMPDIR:-/tmp}/gazette-dump-evidence
swiftc -O -module-name GazetteEntities -o "$bin" "$root"/Sources/GazetteEntities/*.swift "$root/Benchmarks/entities/dump/main.swift" >&2
"$bin" "$root/Config" "${1:-/work/shared/corpora/reuters/articles}"
