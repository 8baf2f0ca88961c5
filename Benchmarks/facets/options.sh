#!/usr/bin/env bash
# Measures the ways of counting facets side by side on one index, through the
# shim's C interface, optimised (-O2). Usage:
#   bash Benchmarks/facets/options.sh INDEX [ROUNDS [QUERY...]]
# Default queries: the whole index, then said, company and oil (15k, 6k and
# 1.4k matches on Reuters-21578). Not part of the tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
index=${1:?usage: options.sh INDEX [ROUNDS [QUERY...]]}
rounds=${2:-21}
shift $(( $# > 1 ? 2 : 1 ))
[ $# -gt 0 ] || set -- "" "said@Zsaid" "company@Zcompani" "oil@Zoil"
bin=${TMPDIR:-/tmp}/gazette-facet-options
g++ -std=c++17 -O2 -I"$root/Sources/CXapian/include" -o "$bin" \
    "$root/Benchmarks/facets/options.cpp" "$root"/Sources/CXapian/*.cpp -lxapian
"$bin" "$index" "$rounds" "$@"
