#!/usr/bin/env bash
# Index-time cost of spelling data and stories, and how well stories find wire
# copies. Usage: bash Benchmarks/newsroom/run.sh   (not part of the tests)
set -euo pipefail
cd "$(dirname "$0")/../.."
.ci/setup
swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
/usr/bin/python3 Benchmarks/newsroom/bench.py
