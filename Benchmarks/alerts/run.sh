#!/usr/bin/env bash
# What saved searches cost indexing: gazetted indexes Reuters articles in
# batches (one commit each, as its watcher does), with no saved search and
# with 1,000, an alert subscriber listening. Usage: bash Benchmarks/alerts/run.sh
# Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
swift build -c release --product gazetted >/dev/null
exec /usr/bin/python3 Benchmarks/alerts/bench.py "$@"
