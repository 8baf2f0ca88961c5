#!/usr/bin/env bash
# Scale benchmark: 1 shard against 4 local and 4 remote shards, up to a million
# articles generated from the shared corpora (into /tmp; never committed).
# Usage: bash Benchmarks/scale/run.sh [--articles N] [--small N] [--work DIR]   (not part of the tests)
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/setup
# GAZETTE=BINARY measures that build instead of building this checkout.
[ -n "${GAZETTE:-}" ] || swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
/usr/bin/python3 Benchmarks/scale/bench.py "$@"
