#!/usr/bin/env bash
# Kills `gazette index` at random moments and checks the index against the
# files (issue 14); then does the same to gazetted while it indexes for a
# client. Not part of the tests.
#
#   bash Benchmarks/crash/run.sh                   # 20 kills of gazette index, 5 of gazetted, over a copy of BBC
#   KILLS=40 CORPUS=../shared/corpora/reuters/articles bash Benchmarks/crash/run.sh
#   KILLS=0 DAEMON_KILLS=5 bash Benchmarks/crash/run.sh    # gazetted only
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
    swift build -c release --product gazette >/dev/null && swift build -c release --product gazette-full >/dev/null
    gazette=.build/release/gazette
fi
gazetted=${GAZETTED:-$(dirname "$gazette")/gazetted}
daemon_kills=${DAEMON_KILLS:-5}
if [ "$daemon_kills" -gt 0 ] && [ ! -x "$gazetted" ]; then
    swift build -c release --product gazetted >/dev/null
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

# Edits 30 files, deletes 10 and adds 10, marking the text with crashmarkTAG.
change_files() {
    local tag=$1 f pick
    mapfile -t pick < <(find "$files" -type f -name '*.txt' | shuf -n 50 --random-source=<(yes "$tag"))
    for f in "${pick[@]:0:30}"; do printf '\ncrashmark%s edited in round %s\n' "$tag" "$tag" >>"$f"; done
    for f in "${pick[@]:30:10}"; do rm -f "$f"; done
    for f in "${pick[@]:40:10}"; do
        [ -f "$f" ] && { cp "$f" "${f%.txt}-r$tag.txt"; printf '\ncrashmark%s added\n' "$tag" >>"${f%.txt}-r$tag.txt"; }
    done
}

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
        change_files "$round"
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
[ "$kills" -gt 0 ] && echo "{\"kills\":$kills,\"killed_while_running\":$landed,\"xapian_check_ok\":$consistent,\"openable\":$openable,\"matches_fresh_build\":$exact,\"no_scratch_left\":$clean}"

# gazetted: a client asks it to index the copy (odd rounds: into an empty
# index; even rounds: after editing, deleting and adding files), and the
# daemon is killed (SIGKILL) at a random moment of the run. Then: xapian-check,
# a new daemon on the same index and socket (no stale lock or socket; the time
# until it answers is the restart time), the same request to completion, and
# the index against a fresh build of the same files: no lost, no phantom and
# no duplicate document.
[ "$daemon_kills" -gt 0 ] || exit 0
runtime=$work/run
sock=$runtime/gazetted.sock
dindex=$work/daemon-index
mkdir -p "$runtime"
chmod 700 "$runtime"
dpid=
answered_after=
start_daemon() {  # sets dpid, and answered_after: the seconds until it answers
    local begin
    begin=$(seconds)
    "$gazetted" --socket "$sock" --index "$dindex" --no-watch >/dev/null 2>>"$work/gazetted.log" &
    dpid=$!
    until "$gazette" status --socket "$sock" >/dev/null 2>&1; do
        kill -0 "$dpid" 2>/dev/null || { echo "gazetted exited; see $work/gazetted.log" >&2; exit 1; }
        sleep 0.01
    done
    answered_after=$(since "$begin")
}
stop_daemon() { kill -TERM "$dpid" 2>/dev/null || true; wait "$dpid" 2>/dev/null || true; }
trap 'kill -KILL "$dpid" 2>/dev/null || true' EXIT
documents() { "$gazette" status --index "$1" --format json 2>/dev/null | grep -o '"documents":[0-9]*' | cut -d: -f2 || true; }

rm -rf "$dindex"
start_daemon
start=$(seconds)
"$gazette" index "$files" --socket "$sock" >/dev/null 2>&1 || true
dfull=$(since "$start")
touch_some
start=$(seconds)
"$gazette" index "$files" --socket "$sock" >/dev/null 2>&1 || true
dupdate=$(since "$start")
stop_daemon
echo "{\"daemon_index_s\":$dfull,\"daemon_update_s\":$dupdate}"

dlanded=0; dconsistent=0; drestarted=0; dexact=0; lost_total=0; phantom_total=0; dup_total=0; restart_max=0
for round in $(seq "$daemon_kills"); do
    tag=$((1000 + round))
    if (( round % 2 == 1 )); then
        rm -rf "$dindex"
        kind=daemon-first
        max=$dfull
    else
        kind=daemon-update
        max=$dupdate
        change_files "$tag"
    fi
    start_daemon
    delay=$(awk -v max="$max" -v seed="$tag" 'BEGIN { srand(seed); printf "%.3f", 0.05 + rand() * max }')
    "$gazette" index "$files" --socket "$sock" >/dev/null 2>&1 &
    cpid=$!
    sleep "$delay"
    indexing=false
    kill -0 "$cpid" 2>/dev/null && indexing=true
    kill -KILL "$dpid" 2>/dev/null || true
    wait "$dpid" 2>/dev/null || true
    wait "$cpid" 2>/dev/null || true
    $indexing && dlanded=$((dlanded + 1))

    check=no-index-yet
    if [ -f "$dindex/iamglass" ]; then
        if xapian-check "$dindex" >/dev/null 2>&1; then check=ok; else check=FAILED; fi
    fi
    [ "$check" != FAILED ] && dconsistent=$((dconsistent + 1))
    docs=$(documents "$dindex")
    # The socket file of the killed daemon is still there; the new one must replace it and take the lock.
    stale_socket=false; [ -S "$sock" ] && stale_socket=true
    start_daemon
    restart_s=$answered_after
    drestarted=$((drestarted + 1))
    restart_max=$(awk -v a="$restart_max" -v b="$restart_s" 'BEGIN { print (b > a ? b : a) }')
    start=$(seconds)
    resume=$("$gazette" index "$files" --socket "$sock" 2>&1 | head -1)
    resume_s=$(since "$start")
    stop_daemon

    rm -rf "$work/reference"
    "$gazette" index "$files" --index "$work/reference" --quiet >/dev/null
    lost=$(comm -13 <(ids "$dindex") <(ids "$work/reference") | wc -l)
    phantom=$(comm -23 <(ids "$dindex") <(ids "$work/reference") | wc -l)
    # Documents beyond one per id (any other documents an index holds are in the reference too).
    held=$(documents "$dindex"); reference=$(documents "$work/reference")
    duplicates=$(( (${held:-0} - $(ids "$dindex" | wc -l)) - (${reference:-0} - $(ids "$work/reference" | wc -l)) ))
    lost_total=$((lost_total + lost)); phantom_total=$((phantom_total + phantom)); dup_total=$((dup_total + duplicates))
    same=false
    if [ "$lost" -eq 0 ] && [ "$phantom" -eq 0 ] && [ "$duplicates" -eq 0 ] \
        && [ "$(marked "$tag" "$dindex")" = "$(marked "$tag" "$work/reference")" ]; then
        same=true; dexact=$((dexact + 1))
    fi
    echo "{\"round\":$round,\"kind\":\"$kind\",\"kill_after_s\":$delay,\"killed_while_indexing\":$indexing,\"documents_after_kill\":${docs:-null},\"xapian_check\":\"$check\",\"stale_socket_left\":$stale_socket,\"restart_s\":$restart_s,\"resume_s\":$resume_s,\"resume\":\"$resume\",\"lost\":$lost,\"phantom\":$phantom,\"duplicates\":$duplicates,\"matches_fresh_build\":$same}"
done
echo "{\"daemon_kills\":$daemon_kills,\"killed_while_indexing\":$dlanded,\"xapian_check_ok\":$dconsistent,\"restarted\":$drestarted,\"restart_s_max\":$restart_max,\"lost\":$lost_total,\"phantom\":$phantom_total,\"duplicates\":$dup_total,\"matches_fresh_build\":$dexact}"
