#!/usr/bin/env python3
"""Indexing speed of each format Gazette reads, next to plain text.

Run from the project root:  bash Benchmarks/formats/run.sh
The same Reuters articles (../shared, read at run time; nothing is copied into
the project) are written out as .txt files, JSON Lines, web pages with the
usual furniture around the story, RSS and Atom feeds, MIME mail (.eml), mbox
mailboxes and Usenet posts without an extension, under WORK. Each set is
indexed into a fresh index by the release binary, ROUNDS times (default 3),
interleaved; the table gives the median time, articles per second, the ratio
to .txt, and the peak resident memory. All runs use one writer
(--no-parallel-build), so that formats are compared on the same footing
whatever their file counts. Last, one 101 MB text file shows that an article
over the 10 MB limit is cut rather than read whole.
"""
import email.utils
import html
import json
import os
import quopri
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
GAZETTE = os.path.join(ROOT, ".build/release/gazette")
WORK = os.environ.get("BENCH_DIR", "/tmp/gazette-bench-formats")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
ARTICLES = int(os.environ.get("ARTICLES", "5000"))
PER_FEED = 50
PER_MAILBOX = 100


def reuters(count):
    out = []
    with open(os.path.join(SHARED, "corpora/reuters/articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("title") and record.get("body"):
                out.append(record)
            if len(out) == count:
                break
    return out


def paragraphs(body):
    return [" ".join(p.split()) for p in body.replace("\n    ", "\n\n").split("\n\n") if p.strip()]


def rfc822_date(n):
    return email.utils.formatdate(536457600 + n * 3600, usegmt=True)  # from 1987-01-01, an hour apart


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def page(n, a):
    nav = "".join('<li><a href="/section/%d">Section %d</a></li>' % (i, i) for i in range(20))
    side = "".join('<li><a href="/story/%d">Another story, number %d</a></li>' % (i, i) for i in range(10))
    body = "".join("<p>%s</p>\n" % html.escape(p) for p in paragraphs(a["body"]))
    title = html.escape(a["title"].title())
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} | Wire Archive</title>
<meta property="og:title" content="{title}"><meta property="article:published_time" content="1987-03-{1 + n % 28:02d}">
<style>body {{ font-family: serif; }} .nav li {{ display: inline; }}</style>
<script>window.analytics = {{"page": {n}}};</script></head>
<body><header class="site-header"><a href="/">Wire Archive</a></header>
<nav class="nav"><ul>{nav}</ul></nav>
<div class="layout"><article><h1>{title}</h1><p class="byline">By a correspondent</p>
<div class="share-tools"><a href="#">Share</a> <a href="#">Print</a></div>
<div class="story-body">
{body}</div></article>
<aside class="sidebar"><h2>Most read</h2><ul>{side}</ul></aside></div>
<footer><p>Wire Archive. All rights reserved.</p></footer></body></html>
"""


def rss(items, base):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire</title>\n']
    for n, a in items:
        desc = html.escape("".join("<p>%s</p>" % html.escape(p) for p in paragraphs(a["body"])))
        out.append("<item><title>%s</title><guid>%s/%d</guid><pubDate>%s</pubDate><description>%s</description></item>\n"
                   % (html.escape(a["title"]), base, n, rfc822_date(n), desc))
    out.append("</channel></rss>\n")
    return "".join(out)


def atom(items, base):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>\n']
    for n, a in items:
        content = html.escape("".join("<p>%s</p>" % html.escape(p) for p in paragraphs(a["body"])))
        out.append('<entry><title>%s</title><id>%s/%d</id><link href="%s/%d"/><updated>1987-03-%02dT10:00:00Z</updated>'
                   '<content type="html">%s</content></entry>\n'
                   % (html.escape(a["title"]), base, n, base, n, 1 + n % 28, content))
    out.append("</feed>\n")
    return "".join(out)


def message(n, a, mbox=False):
    text = "\n\n".join(paragraphs(a["body"]))
    reply = "On %s, desk@wire.example wrote:\n> Please file the story.\n> Thanks.\n\n" % rfc822_date(n - 1)
    plain = quopri.encodestring((reply + text + "\n\n-- \nWire desk\n").encode("utf-8")).decode("ascii")
    html_part = "<html><body>%s</body></html>" % "".join("<p>%s</p>" % html.escape(p) for p in paragraphs(a["body"]))
    head = "From desk@wire.example %s\n" % time.asctime(time.gmtime(536457600 + n * 3600)) if mbox else ""
    return (head + "From: Wire Desk <desk@wire.example>\nTo: archive@wire.example\nSubject: %s\nDate: %s\n"
            "Message-ID: <%d@wire.example>\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b%d\"\n\n"
            "--b%d\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n%s\n"
            "--b%d\nContent-Type: text/html; charset=utf-8\n\n%s\n--b%d--\n"
            % (a["title"], rfc822_date(n), n, n, n, plain, n, html_part, n))


def post(n, a):
    date = time.strftime("%d %b %y %H:%M:%S GMT", time.gmtime(536457600 + n * 3600))
    text = "\n\n".join(paragraphs(a["body"]))
    return ("From: reporter%d@uni.example (A Reporter)\nNewsgroups: misc.news\nSubject: %s\nDate: %s\n"
            "Message-ID: <%d@uni.example>\nLines: %d\n\nIn article <%d@other.example>, someone@other.example writes:\n"
            ">Any news on this?\n\n%s\n--\nA Reporter\n" % (n, a["title"], date, n, text.count("\n") + 1, n - 1, text))


def generate(articles):
    sets = {}
    for name in ["txt", "jsonl", "html", "rss", "atom", "eml", "mbox", "posts"]:
        folder = os.path.join(WORK, "input", name)
        shutil.rmtree(folder, ignore_errors=True)
        sets[name] = folder
    numbered = list(enumerate(articles, 1))
    for n, a in numbered:
        write(os.path.join(sets["txt"], "%05d.txt" % n), "%s\n\n%s\n" % (a["title"], a["body"]))
        write(os.path.join(sets["html"], "%05d.html" % n), page(n, a))
        write(os.path.join(sets["eml"], "%05d.eml" % n), message(n, a))
        write(os.path.join(sets["posts"], "misc.news", "%d" % (50000 + n)), post(n, a))
    write(os.path.join(sets["jsonl"], "all.jsonl"),
          "".join(json.dumps({"id": "j%d" % n, "title": a["title"], "body": a["body"]}) + "\n" for n, a in numbered))
    for start in range(0, len(numbered), PER_FEED):
        chunk = numbered[start:start + PER_FEED]
        write(os.path.join(sets["rss"], "feed%04d.rss" % (start // PER_FEED)), rss(chunk, "https://wire.example/rss"))
        write(os.path.join(sets["atom"], "feed%04d.atom" % (start // PER_FEED)), atom(chunk, "https://wire.example/atom"))
    for start in range(0, len(numbered), PER_MAILBOX):
        chunk = numbered[start:start + PER_MAILBOX]
        write(os.path.join(sets["mbox"], "box%03d.mbox" % (start // PER_MAILBOX)),
              "\n".join(message(n, a, mbox=True) for n, a in chunk))
    return sets


def size_mb(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6


def index(folder, out):
    """Indexes `folder` into a fresh `out`; returns (seconds, peak RSS MB, articles, summary)."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen([GAZETTE, "index", folder, "--index", out, "--quiet", "--no-parallel-build"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    summary = proc.stdout.read().decode().strip()
    problems = proc.stderr.read().decode().strip()
    if status != 0:
        raise SystemExit("failed on %s: %s\n%s" % (folder, summary, problems))
    fields = dict(part.strip().rsplit(" ", 1) for part in summary.split(" in ")[0].split(","))
    articles = int(fields.get("articles", fields["indexed"]))
    return seconds, usage.ru_maxrss / 1024.0, articles, summary


def read_only(folder):
    """Reads and parses `folder` and finds entities, without an index (`gazette
    entities`): the cost of the format itself. Returns (seconds, articles)."""
    start = time.perf_counter()
    result = subprocess.run([GAZETTE, "entities", folder, "--format", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, result.stdout.count(b"\n")


def main():
    if not os.path.exists(GAZETTE):
        raise SystemExit("build first: swift build -c release --product gazette && swift build -c release --product gazette-full")
    os.makedirs(WORK, exist_ok=True)
    articles = reuters(ARTICLES)
    sets = generate(articles)
    runs = {name: [] for name in sets}
    reads = {name: [] for name in sets}
    for _ in range(ROUNDS):
        for name, folder in sets.items():
            runs[name].append(index(folder, os.path.join(WORK, "index")))
            reads[name].append(read_only(folder))
    txt = statistics.median(r[0] for r in runs["txt"])
    txt_read = statistics.median(r[0] for r in reads["txt"])
    print("%d Reuters articles in each format, median of %d interleaved runs; indexing with one writer "
          "(--no-parallel-build); reading = gazette entities (read, parse, find entities; no index)\n"
          % (len(articles), ROUNDS))
    print("| format | files | input | articles | indexing | articles/s | time / .txt | peak memory "
          "| reading | articles/s | time / .txt |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, folder in sets.items():
        seconds = statistics.median(r[0] for r in runs[name])
        read = statistics.median(r[0] for r in reads[name])
        files = sum(len(fs) for _, _, fs in os.walk(folder))
        got = runs[name][0][2]
        if got != len(articles) or reads[name][0][1] != len(articles):
            print("warning: %s gave %d articles (reading: %d), not %d: %s"
                  % (name, got, reads[name][0][1], len(articles), runs[name][0][3]), file=sys.stderr)
        print("| %s | %d | %.1f MB | %d | %.2f s | %.0f | %.2f | %.0f MB | %.2f s | %.0f | %.2f |"
              % (name, files, size_mb(folder), got, seconds, got / seconds, seconds / txt,
                 max(r[1] for r in runs[name]), read, got / read, read / txt_read))

    # One text file of 101 MB: read up to the 10 MB limit, not whole.
    big = os.path.join(WORK, "input", "big")
    shutil.rmtree(big, ignore_errors=True)
    text = "\n\n".join(a["body"] for a in articles)
    with_title = "A very long file\n\n" + text * (101_000_000 // len(text) + 1)
    write(os.path.join(big, "huge.txt"), with_title[:101_000_000])
    seconds, peak, _, summary = index(big, os.path.join(WORK, "index"))
    print("\nOne 101 MB .txt file: %.2f s, peak memory %.0f MB (%s)" % (seconds, peak, summary))
    shutil.rmtree(big, ignore_errors=True)


if __name__ == "__main__":
    main()
