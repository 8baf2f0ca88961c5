#!/usr/bin/env bash
# Cold-query benchmark: one `gazette search` process (no daemon; and through
# gazetted) against Recoll's `recollq` on its own index of the same folder.
# Usage: bash Benchmarks/cold/run.sh [FOLDER]   (default: Reuters-21578; not part of the tests)
# GAZETTE_BEFORE=PATH adds another build's rows (say, main's); with
# GAZETTE_BEFORE_INDEX=DIR they search an index that build writes there (once),
# for a build that reads another index layout than this one writes.
# Installs nothing: Recoll's part runs when Debian's recollcmd is present
# (apt-get install recollcmd); hyperfine is not needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=$(realpath "${1:-../shared/corpora/reuters/articles}")
work=${BENCH_DIR:-/tmp/gazette-bench}/cold
mkdir -p "$work"
swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
swift build -c release --product gazetted >/dev/null
index=$work/gazette-index
stamp="$corpus $(stat -c %Y "$corpus")"
if [ ! -f "$work/gazette.stamp" ] || [ "$(cat "$work/gazette.stamp")" != "$stamp" ]; then
    rm -rf "$index"
    .build/release/gazette index "$corpus" --index "$index" --quiet
    echo "$stamp" > "$work/gazette.stamp"
fi
if [ -n "${GAZETTE_BEFORE_INDEX:-}" ] && [ ! -d "$GAZETTE_BEFORE_INDEX" ]; then
    "${GAZETTE_BEFORE:?GAZETTE_BEFORE_INDEX needs GAZETTE_BEFORE}" index "$corpus" --index "$GAZETTE_BEFORE_INDEX" --quiet
fi
recoll_conf=
if command -v recollindex >/dev/null && command -v recollq >/dev/null; then
    recoll_conf=$work/recoll
    if [ ! -f "$recoll_conf/recoll.stamp" ] || [ "$(cat "$recoll_conf/recoll.stamp")" != "$stamp" ]; then
        rm -rf "$recoll_conf"
        mkdir -p "$recoll_conf"
        # The two lines: what to index, and the same stemming as Gazette.
        printf 'topdirs = %s\nindexstemminglanguages = english\n' "$corpus" > "$recoll_conf/recoll.conf"
        recollindex -c "$recoll_conf" >/dev/null 2>&1
        echo "$stamp" > "$recoll_conf/recoll.stamp"
    fi
else
    echo "recollq not found (apt-get install recollcmd): Gazette only" >&2
fi
sock=$work/run/gazetted.sock
.build/release/gazetted --index "$index" --socket "$sock" --log-level warning &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
/usr/bin/python3 Benchmarks/cold/bench.py "$index" "$sock" "$recoll_conf"
