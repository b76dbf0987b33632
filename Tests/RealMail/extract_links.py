#!/usr/bin/env python3
"""List the links of an .eml message the way a reader sees them, to label them by hand.

A labelling aid for Tests/RealMail (as Scripts/link_positions.py is for the corpora). It does not
use darkshare: it reads the message with Python's own `email` package and `html.parser`, so the
labels it helps to write are an independent view of the message.

    python3 Tests/RealMail/extract_links.py MESSAGE.eml            # draft labels on stdout
    python3 Tests/RealMail/extract_links.py --check MESSAGE.eml    # compare with MESSAGE.eml.labels

The draft has the label file's shape: an `@part html` / `@part text` line before the links of each
text part (in MIME order, into attached message/rfc822 messages too), then one line per link,
`?  URL  # anchor text`. Replace `?` by the status decided from SPEC §2 and write why. The URL
ends where two spaces and `#` begin (a `mailto:` query may hold single spaces).

What counts as a link:
- text/html: `<a href>` and `<area href>` (entities decoded by the parser, surrounding whitespace
  trimmed); inside an Outlook conditional comment (`<!--[if mso]> … <![endif]-->`) the `href` of
  any element (VML `<v:roundrect href>`, `<a href>`), as Outlook renders it. A tab or line break
  inside an `href` is dropped, as a browser drops it when it opens the URL. Not `<img src>`,
  `<link>`, CSS `url()`, nor plain comments. An empty `href` is no link.
- text/plain: what a mail client linkifies: `scheme://…` URLs (http, https, ftp), `mailto:`,
  `www.…` and bare host names with a common top-level domain (`example.com/path`, any case). A
  bare e-mail address is not a URL and is not listed (issue 11: no link starts inside an
  address); an explicit `mailto:` URL is. A URL ends at white space, `<`, `>` or `"`; trailing
  `.`, `,`, `;`, `:`, `!`, `?`, quotes, `*`, `_` and an unbalanced `)` or `]` are left out; a
  URL written `<https://…>` is read without its angle brackets.
- Parts with `Content-Disposition: attachment` are skipped (they are files, not the message).
"""

from __future__ import annotations

import argparse
import email
import email.policy
import re
import sys
from html.parser import HTMLParser
from pathlib import Path


class _HrefCollector(HTMLParser):
    """Collects `<a href>` / `<area href>` (and, inside conditional comments, any `href`)."""

    def __init__(self, any_element: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.any_element = any_element
        self.links: list[tuple[str, str]] = []  # (url, anchor text)
        self._open: list[int] = []  # indexes into links of the <a> elements still open
        self._text: dict[int, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area") or self.any_element:
            href = next((value for name, value in attrs if name == "href"), None)
            if href is not None and href.strip():
                # A browser drops ASCII tab and newline inside a URL (WHATWG URL parsing); a
                # label line cannot hold them either.
                self.links.append((re.sub(r"[\t\r\n]", "", href.strip()), ""))
                if tag == "a":
                    self._open.append(len(self.links) - 1)
                    self._text[len(self.links) - 1] = []
                elif tag == "area":
                    alt = next((value for name, value in attrs if name == "alt"), "") or ""
                    self.links[-1] = (self.links[-1][0], alt)
        if tag == "img" and self._open:
            alt = next((value for name, value in attrs if name == "alt"), "") or ""
            if alt:
                self._text[self._open[-1]].append(f"[img: {alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self._close(self._open.pop())

    def handle_data(self, data: str) -> None:
        for index in self._open:
            self._text[index].append(data)

    def handle_comment(self, data: str) -> None:
        # `<!--[if mso]> … <![endif]-->` reaches us as one comment; Outlook renders its content.
        match = re.match(r"\s*\[if [^\]]*\]>(.*)<!\[endif\]\s*$", data, re.S)
        if match:
            inner = _HrefCollector(any_element=True)
            inner.feed(match.group(1))
            inner.close()
            inner.finish()
            for url, text in inner.links:
                self.links.append((url, text or "(in conditional comment)"))

    def finish(self) -> None:
        while self._open:
            self._close(self._open.pop())

    def _close(self, index: int) -> None:
        text = " ".join("".join(self._text.get(index, [])).split())
        self.links[index] = (self.links[index][0], text)


def html_links(html: str) -> list[tuple[str, str]]:
    collector = _HrefCollector()
    collector.feed(html)
    collector.close()
    collector.finish()
    return collector.links


_TLDS = (
    "com|org|net|edu|gov|io|co|de|uk|fr|nl|be|ch|at|it|es|se|no|dk|fi|pl|cz|ru|jp|cn|in|au|ca|us|"
    "me|info|biz|app|dev|ai|ly|gl|gle|news|email|page|link|xyz|tv|fm|to|ee|ie|pt|br|mx"
)
_URL = re.compile(
    r"(?P<url>(?:https?|ftp)://[^\s<>\"]+)"
    r"|(?P<mailto>mailto:[^\s<>\"]+)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<www>(?<![\w@./-])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s<>\"]*)"
    rf"|(?P<host>(?<![\w@./:%-])(?:[A-Za-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"*_"


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def text_links(text: str) -> list[tuple[str, str]]:
    links = []
    for match in _URL.finditer(text):
        if match.lastgroup == "email":
            continue  # matched only so that no host name is found inside the address
        url = _trim(match.group(0))
        if url:
            links.append((url, "(text)"))
    return links


def _decoded(part: email.message.Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def message_links(data: bytes) -> list[tuple[str, list[tuple[str, str]]]]:
    """(kind, links) for every text/html and text/plain part, in MIME order."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if (part.get_content_disposition() or "") == "attachment":
            continue
        subtype = part.get_content_subtype()
        if subtype == "html":
            parts.append(("html", html_links(_decoded(part))))
        elif subtype == "plain":
            parts.append(("text", text_links(_decoded(part))))
    return parts


def draft(path: Path) -> str:
    lines = [f"# {path.name}: draft written by extract_links.py; statuses decided by hand"]
    for kind, links in message_links(path.read_bytes()):
        lines.append(f"@part {kind}")
        for url, text in links:
            lines.append(f"?  {url}  # {text[:80]}")
    return "\n".join(lines) + "\n"


def read_labels(path: Path) -> list[tuple[str, str, str]]:
    """(part, status, url) for every label line."""
    labels, part = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("@part "):
            part = stripped.split()[1]
            continue
        status, _, rest = stripped.partition(" ")
        url = rest.split("  #", 1)[0].strip()  # a URL may hold single spaces (mailto:?subject=A B)
        labels.append((part, status, url))
    return labels


def check(path: Path) -> int:
    """Whether the labels list exactly the links this script finds, in the same order."""
    found = [(kind, url) for kind, links in message_links(path.read_bytes()) for url, _ in links]
    labelled = [(part, url) for part, _, url in read_labels(Path(str(path) + ".labels"))]
    statuses = {status for _, status, _ in read_labels(Path(str(path) + ".labels"))}
    allowed = {"tracked", "partial", "dark", "at-risk", "unknown", "excluded"}
    problems = 0
    if found != labelled:
        print(f"{path.name}: labels list {len(labelled)} links, the message has {len(found)}")
        for index, (a, b) in enumerate(zip(found, labelled)):
            if a != b:
                print(f"  first difference at link {index + 1}: message {a} / labels {b}")
                break
        problems += 1
    if not statuses <= allowed:
        print(f"{path.name}: unknown statuses {sorted(statuses - allowed)}")
        problems += 1
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the .labels file beside each message")
    parser.add_argument("messages", nargs="+", type=Path)
    arguments = parser.parse_args()
    if arguments.check:
        return 1 if sum(check(path) for path in arguments.messages) else 0
    for path in arguments.messages:
        sys.stdout.write(draft(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
