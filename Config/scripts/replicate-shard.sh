#!/usr/bin/env bash
# Keeps a read replica of one shard with Xapian's own replication tools, and
# checks it: builds a small two-shard index from seeds/ (plus a few generated
# articles), serves the shards' folder with xapian-replicate-server, copies
# shard-01 with xapian-replicate, searches the replica through a stub that
# mixes it with the master's other shard, then changes an article on that
# shard and replicates again (a changeset, not a full copy, because the
# writer keeps changesets: XAPIAN_MAX_CHANGESETS).
#
#   Config/scripts/replicate-shard.sh [path/to/gazette]
#
# Everything lives in a temporary folder, removed at the end with the servers.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
gazette=${1:-$here/.build/debug/gazette}
[ -x "$gazette" ] || { echo "no gazette binary at $gazette (swift build first)" >&2; exit 2; }
command -v xapian-replicate-server >/dev/null || { echo "xapian-tools is missing (.ci/setup installs it)" >&2; exit 2; }

work=$(mktemp -d /tmp/gazette-replica.XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A master index in two shards. The writer keeps changesets so replicas catch up incrementally.
mkdir -p "$work/news"
cp "$here"/seeds/* "$work/news/"
for n in $(seq 1 40); do
    printf 'Harbour bulletin %d\n\nShips numbered %d stayed in port during the storm.\n' "$n" "$n" > "$work/news/bulletin-$n.txt"
done
export XAPIAN_MAX_CHANGESETS=10
"$gazette" index "$work/news" --index "$work/master" --shards 2 --config "$here/Config" -q

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
xapian-replicate-server --interface 127.0.0.1 --port "$port" "$work/master" > "$work/server.log" 2>&1 &
server=$!
sleep 0.5

# The replica: a full copy the first time.
xapian-replicate --host 127.0.0.1 --port "$port" --master shard-01 --one-shot --quiet "$work/replica-01"
count() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }
[ "$(count "$work/master/shard-01")" = "$(count "$work/replica-01")" ] || { echo "replica differs after the first copy" >&2; exit 1; }

# Searching with the replica in place of the master's shard-01 gives the same answer.
printf 'auto %s\nauto %s\n' "$work/master/shard-00" "$work/replica-01" > "$work/replica.stub"
a=$("$gazette" search 'ships' --index "$work/master" --config "$here/Config" --format json --limit 50 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], sorted(h["id"] for h in d["hits"]))')
b=$("$gazette" search 'ships' --index "$work/replica.stub" --config "$here/Config" --format json --limit 50 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], sorted(h["id"] for h in d["hits"]))')
[ "$a" = "$b" ] || { echo "replica answers differently: $a vs $b" >&2; exit 1; }

# A change on the master reaches the replica with the next replication.
for n in $(seq 1 40); do
    printf 'Harbour bulletin %d\n\nA walrus came ashore near pier %d.\n' "$n" "$n" > "$work/news/bulletin-$n.txt"
done
"$gazette" index --index "$work/master" --config "$here/Config" -q
xapian-replicate --host 127.0.0.1 --port "$port" --master shard-01 --one-shot --quiet "$work/replica-01"
walrus=$("$gazette" search walrus --index "$work/replica.stub" --config "$here/Config" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
[ "$walrus" = 40 ] || { echo "the replica did not catch up: $walrus of 40 changed articles found" >&2; exit 1; }
echo "replica of shard-01: $(count "$work/replica-01") documents, in step with the master"
