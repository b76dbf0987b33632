#!/usr/bin/env python3
"""List the links of a corpus HTML file with their LINE:COL, to help write a `.expect` file.

Usage: python3 Scripts/link_positions.py FILE.html [--encoding cp1252]

It applies the corpus counting rules with regular expressions (it is a labelling aid, not a
parser): `<a href>` and `<area href>` outside comments; `<v:roundrect href>` / `<v:rect href>`
inside conditional comments (`<!--[if ...]> ... <![endif]-->`); nothing inside plain comments;
never `<link>`, `<img>`, `<base>`, `<form>` or the doctype. LINE and COL are 1-based, COL counts
Unicode scalars from the start of the line and points at the first character of the URL (after
the opening quote and any leading whitespace). Output lines are tab-separated:
LINE:COL, the element, the URL after HTML entity decoding and trimming.
Always check the output by eye: markup the regexes do not expect (a `>` inside an attribute
value, an `<a>` inside a conditional comment) is reported on stderr, not handled.
"""
import html
import re
import sys

COMMENT = re.compile(r"<!--(.*?)-->", re.S)
TAG = re.compile(r"<(a|area|v:roundrect|v:rect)\b([^>]*)>", re.I)
HREF = re.compile(r"""(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def links(text):
    spans = []  # (start, end, kind) for every comment
    for m in COMMENT.finditer(text):
        body = m.group(1)
        kind = "conditional" if body.lstrip().lower().startswith("[if") else "plain"
        spans.append((m.start(), m.end(), kind))

    def comment_at(i):
        for s, e, k in spans:
            if s <= i < e:
                return k
        return None

    out = []
    for m in TAG.finditer(text):
        name = m.group(1).lower()
        where = comment_at(m.start())
        if where == "plain":
            continue
        if where == "conditional" and not name.startswith("v:"):
            print(f"warning: <{name}> inside a conditional comment at offset {m.start()}", file=sys.stderr)
            continue
        if where is None and name.startswith("v:"):
            continue
        h = HREF.search(m.group(2))
        if not h:
            continue
        gi = next(g for g in (1, 2, 3) if h.group(g) is not None)
        start = m.start(2) + h.start(gi)
        raw = h.group(gi)
        lead = len(raw) - len(raw.lstrip(" \t\r\n\f"))
        start += lead
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        out.append((line, col, name, html.unescape(raw).strip(" \t\r\n\f")))
    return out


def main(argv):
    path = argv[1]
    enc = "utf-8"
    if "--encoding" in argv:
        enc = argv[argv.index("--encoding") + 1]
    text = open(path, "rb").read().decode(enc)
    for line, col, name, url in links(text):
        print(f"{line}:{col}\t{name}\t{url}")


if __name__ == "__main__":
    main(sys.argv)
