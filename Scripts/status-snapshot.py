#!/usr/bin/env python3
"""Records every link's status and rules, and compares two recordings.

    python3 Scripts/status-snapshot.py record DARKSHARE OUT.tsv PATH...
    python3 Scripts/status-snapshot.py compare BEFORE.tsv AFTER.tsv

`record` runs `DARKSHARE links --format ndjson PATH...` and writes one line per link:
file, message index, line, column, url, status, rules (sorted), sorted so that the recording does
not depend on --jobs. `compare` prints every link whose status or rules changed, the links only
one side has, and a count per (before → after) status pair. Use it before and after a change that
must not move a status (a speed-up), or to list exactly which statuses a judgement change moved.
"""
import collections
import json
import subprocess
import sys


def record(binary, out, paths):
    proc = subprocess.Popen([binary, "links", "--format", "ndjson", "--quiet", *paths], stdout=subprocess.PIPE, text=True)
    rows = []
    for line in proc.stdout:
        link = json.loads(line)
        if "url" not in link:  # an input error record
            rows.append("\t".join([link.get("file", ""), "", "", "", "(error)", "error", link.get("error", "")]))
            continue
        message = (link.get("message") or {}).get("index", "")
        url = link["url"].replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        rows.append("\t".join([link["file"], str(message), str(link.get("line", "")), str(link.get("column", "")), url,
                               link["status"], ",".join(sorted(link.get("rules", [])))]))
    proc.wait()
    rows.sort()
    with open(out, "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} links recorded in {out} (darkshare exited {proc.returncode})")


def load(path):
    table = collections.defaultdict(list)
    for row in open(path):
        fields = row.rstrip("\n").split("\t")
        if len(fields) == 7:
            table[tuple(fields[:5])].append((fields[5], fields[6]))
    return table


def compare(before_path, after_path):
    before, after = load(before_path), load(after_path)
    moves = collections.Counter()
    changed = 0
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, []), after.get(key, [])
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else ("(absent)", "")
            b = new[i] if i < len(new) else ("(absent)", "")
            if a != b:
                changed += 1
                moves[(a[0], b[0])] += 1
                print(f"{key[0]}#{key[1]} {key[2]}:{key[3]} {key[4]}\n    {a[0]} [{a[1]}] -> {b[0]} [{b[1]}]")
    print(f"\n{changed} links changed")
    for (a, b), n in moves.most_common():
        print(f"  {a:>9} -> {b:<9} {n}")
    return changed


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "record":
        record(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(1 if compare(sys.argv[2], sys.argv[3]) else 0)
    else:
        sys.exit(__doc__)
