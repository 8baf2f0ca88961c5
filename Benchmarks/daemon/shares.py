#!/usr/bin/env python3
"""Where gazetted's CPU goes, from a perf profile with call stacks: each
sample is put in the first group one of its frames names (snippets, the
record read, the ranked pass, ...). Swift and Debian's libxapian keep no
frame pointers, so record with DWARF stacks:

    perf record -F 499 --call-graph dwarf,16384 -p PID -o perf.data -- sleep 8 &
    Benchmarks/load/loadgen SOCKET Benchmarks/daemon/queries.txt 2 7   # (built by load/run.sh)
    perf script -i perf.data | python3 Benchmarks/daemon/shares.py
"""
import collections, re, sys

GROUPS = [  # first match wins
    ("snippet: gz_mset_snippet (Gazette's generator, Xapian's as fallback)", r"gz_mset_snippet"),
    ("snippet: reading the marked text", r"SnippetV06xapian"),
    ("record: read (Xapian, zlib)", r"gz_mset_hit_data|gz_mset_hit_value"),
    ("record: decode", r"StoredArticleV"),
    ("hit: copies", r"6copies5ofHit"),
    ("hit: other", r"ReaderC4hits"),
    ("reply: response and JSON", r"LocalIndexC8response|wireBytes|JSONWriter|SearchResponseV5write"),
    ("ranked pass", r"rankCollapsing|gz_enquire_run|XapianEnquireC3run"),
    ("story count", r"countStories"),
    ("plan (parse, synonyms)", r"ReaderC4plan"),
    ("synonyms attach", r"attachSynonyms"),
    ("search: other", r"searchOnce|LocalIndexC6search"),
    ("request decoding", r"RPCDecoding|JSONDecoder"),
    ("NIO", r"NIOPosix|NIOCore"),
]


def main():
    counts = collections.Counter()
    total = 0
    frames, thread = [], None

    def flush():
        nonlocal total
        if thread is None:
            return
        total += 1
        for name, pattern in GROUPS:
            if any(re.search(pattern, frame) for frame in frames):
                counts[name] += 1
                return
        counts["other (thread %s)" % thread[:12]] += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            frames, thread = [], None
        elif line.startswith((" ", "\t")):
            frames.append(line.strip())
        else:
            thread = line.split()[0]
    flush()
    for name, n in counts.most_common():
        print("%6.1f %%  %s" % (100.0 * n / max(total, 1), name))
    print("%d samples" % total)


if __name__ == "__main__":
    main()
