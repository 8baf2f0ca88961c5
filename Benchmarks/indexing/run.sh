#!/usr/bin/env bash
# Indexing benchmark: Gazette against raw Xapian and SQLite FTS5 on Reuters and BBC,
# then Reuters at 1x to 8x. Usage: bash Benchmarks/indexing/run.sh   (not part of the tests)
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/setup
swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
/usr/bin/python3 Benchmarks/indexing/bench.py
