#!/usr/bin/env bash
# Kills `gazette index` at random moments and checks the index against the
# files (issue 14). Not part of the tests.
#
#   bash Benchmarks/crash/run.sh                   # 20 kills over a copy of BBC
#   KILLS=40 CORPUS=../shared/corpora/reuters/articles bash Benchmarks/crash/run.sh
#
# Odd rounds kill a first build (parallel shards in /dev/shm, then a merge);
# even rounds change the copy first (edit 30, delete 10 and add 10 files) and
# kill the update. Kill moments are drawn within the time a whole run takes. After each kill: xapian-check on the index, and `gazette status`
# must open it. Then a run to completion, and the index must hold exactly
# the documents a fresh build of the same files holds (ids and edited text),
# with no scratch folder left behind. One line per round, then a summary.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=${CORPUS:-../shared/corpora/bbc}
kills=${KILLS:-20}
work=${CRASH_DIR:-/tmp/gazette-crash}
# GAZETTE=path/to/gazette tests another build (a debug one is slower, and so easier to catch mid-way).
gazette=${GAZETTE:-}
if [ -z "$gazette" ]; then
    swift build -c release --product gazette >/dev/null
    gazette=.build/release/gazette
fi

rm -rf "$work"
mkdir -p "$work"
files=$work/articles
index=$work/index
cp -r "$corpus" "$files"

ids() { xapian-delve -a -1 "$1" | grep '^Q' | sort; }
marked() { "$gazette" search "crashmark$1" --index "$2" --format json --limit 0 | grep -o '"total":[0-9]*'; }
seconds() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.2f", b - a }'; }

# How long a whole first build takes, to pick kill moments inside it.
start=$(seconds)
"$gazette" index "$files" --index "$index" --quiet >/dev/null
full=$(since "$start")
# And an update of the size each even round makes (its start-up, walk and commit).
touch_some() { find "$files" -type f -name '*.txt' | head -50 | xargs -r touch; }
touch_some
start=$(seconds)
"$gazette" index "$files" --index "$index" --quiet >/dev/null
update=$(since "$start")
echo "{\"corpus\":\"$corpus\",\"first_build_s\":$full,\"update_s\":$update}"

landed=0; consistent=0; openable=0; exact=0; clean=0
for round in $(seq "$kills"); do
    if (( round % 2 == 1 )); then
        rm -rf "$index"
        kind=first-build
    else
        kind=update
        # Edit, delete and add a few files.
        mapfile -t pick < <(find "$files" -type f -name '*.txt' | shuf -n 50 --random-source=<(yes "$round"))
        for f in "${pick[@]:0:30}"; do printf '\ncrashmark%s edited in round %s\n' "$round" "$round" >>"$f"; done
        for f in "${pick[@]:30:10}"; do rm -f "$f"; done
        for f in "${pick[@]:40:10}"; do
            [ -f "$f" ] && { cp "$f" "${f%.txt}-r$round.txt"; printf '\ncrashmark%s added\n' "$round" >>"${f%.txt}-r$round.txt"; }
        done
    fi
    max=$full; [ "$kind" = update ] && max=$update
    delay=$(awk -v max="$max" -v seed="$round" 'BEGIN { srand(seed); printf "%.3f", 0.05 + rand() * max }')
    "$gazette" index "$files" --index "$index" --quiet >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    killed=false
    if kill -9 "$pid" 2>/dev/null; then killed=true; landed=$((landed + 1)); fi
    wait "$pid" 2>/dev/null || true

    check=skipped
    if [ -f "$index/iamglass" ]; then
        if xapian-check "$index" >/dev/null 2>&1; then check=ok; consistent=$((consistent + 1)); else check=FAILED; fi
    else
        check=no-index-yet; consistent=$((consistent + 1))
    fi
    docs=$("$gazette" status --index "$index" --format json 2>/dev/null | grep -o '"documents":[0-9]*' | cut -d: -f2 || true)
    # A first build killed before its merge leaves no index yet: that counts as openable (nothing to open).
    if [ -n "$docs" ] || [ "$check" = no-index-yet ]; then openable=$((openable + 1)); fi

    start=$(seconds)
    resume=$("$gazette" index "$files" --index "$index" 2>&1 | head -1)
    resume_s=$(since "$start")

    rm -rf "$work/reference"
    "$gazette" index "$files" --index "$work/reference" --quiet >/dev/null
    same=false
    if [ "$(ids "$index")" = "$(ids "$work/reference")" ] && [ "$(marked "$round" "$index")" = "$(marked "$round" "$work/reference")" ]; then
        same=true; exact=$((exact + 1))
    fi
    # Scratch of the killed run (named after its pid), in RAM or in the index folder.
    left=$( (ls -d /dev/shm/gazette-build-"$pid"-* "$index"/.gazette-build-"$pid"* 2>/dev/null || true) | wc -l)
    [ "$left" -eq 0 ] && clean=$((clean + 1))
    echo "{\"round\":$round,\"kind\":\"$kind\",\"kill_after_s\":$delay,\"killed_running\":$killed,\"documents_after_kill\":${docs:-null},\"xapian_check\":\"$check\",\"resume_s\":$resume_s,\"resume\":\"$resume\",\"matches_fresh_build\":$same,\"scratch_left\":$left}"
done
echo "{\"kills\":$kills,\"killed_while_running\":$landed,\"xapian_check_ok\":$consistent,\"openable\":$openable,\"matches_fresh_build\":$exact,\"no_scratch_left\":$clean}"
