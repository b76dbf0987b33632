#!/usr/bin/env python3
"""Compares darkshare's statuses with the bench corpus truth (newsletters, mbox, SMS backup).

    darkshare links CORPUS/newsletters --format ndjson > links.ndjson
    python3 Scripts/score-bench-statuses.py CORPUS links.ndjson
    darkshare links CORPUS/archive.mbox --format ndjson > mbox.ndjson
    python3 Scripts/score-bench-statuses.py CORPUS mbox.ndjson archive.mbox

The generator's truth classes are coarser than SPEC §2 statuses (shared/bench/README.md): each
class maps to the statuses that agree with it. Newsletter links are paired per file in document
order; archive links (third argument: the archive's name in truth.jsonl) per message by URL.
Prints the class × status table and the disagreements, most common first.
"""
import collections
import json
import sys

AGREES = {
    "tagged": {"tracked"},
    "untagged": {"dark"},
    "fragment_only": {"dark"},
    "malformed": {"partial", "dark"},
    "click_id_only": {"at-risk", "dark"},
    "wrapped_opaque": {"unknown"},
    "shortened": {"unknown"},
    "excluded_unsubscribe_or_template": {"excluded", "unknown"},
    "excluded_mailto_tel_sms": {"excluded"},
    "excluded_anchor": {"excluded"},
}


def pairs_in_order(corpus, links_path):
    """Newsletter links: the truth and darkshare's links of each file, paired in document order."""
    truth = collections.defaultdict(list)
    for line in open(f"{corpus}/truth.jsonl"):
        record = json.loads(line)
        if record["file"].startswith("newsletters/"):
            truth[record["file"]].append(record)
    found = collections.defaultdict(list)
    for line in open(links_path):
        record = json.loads(line)
        found["newsletters/" + record["file"].split("newsletters/")[-1]].append(record)
    for file, expected in truth.items():
        yield from zip(sorted(expected, key=lambda r: r["n"]), found[file])


def pairs_by_message(corpus, links_path, archive):
    """Archive links: paired within each message by URL (the truth's `url` is the decoded href)."""
    truth = collections.defaultdict(list)
    for line in open(f"{corpus}/truth.jsonl"):
        record = json.loads(line)
        if record["file"] == archive:
            truth[(record["msg"], record.get("href", record["url"]))].append(record)
    for line in open(links_path):
        record = json.loads(line)
        key = ((record.get("message") or {}).get("index"), record["url"])
        if truth.get(key):
            yield truth[key].pop(0), record


def main(corpus, links_path, archive=None):
    pairs = pairs_by_message(corpus, links_path, archive) if archive else pairs_in_order(corpus, links_path)
    table, disagreements, total = collections.Counter(), collections.Counter(), 0
    for want, got in pairs:
        cls = want["class"]
        agrees = AGREES.get(want.get("inner"), set()) if cls == "wrapped_decodable" else AGREES.get(cls, set())
        if cls == "malformed" and want.get("detail") == "bad_url":
            agrees = {"dark", "partial", "excluded", "unknown"}
        table[(cls, got["status"])] += 1
        total += 1
        if got["status"] not in agrees:
            disagreements[(cls, want.get("detail"), got["status"])] += 1
    for (cls, status), count in sorted(table.items()):
        print(f"{cls:34} {status:9} {count:6}")
    wrong = sum(disagreements.values())
    print(f"\n{total - wrong} of {total} links agree ({100 * (total - wrong) / max(total, 1):.2f} %)")
    for (cls, detail, status), count in disagreements.most_common():
        print(f"  {count:5}  {cls} ({detail}) -> {status}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
