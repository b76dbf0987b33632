#!/usr/bin/env python3
"""Count the links of every corpus input independently of darkshare, for the conservation check.

Usage: python3 Scripts/count-links.py [CORPUS_DIR]      (default: corpora)

Prints one tab-separated line per input: COUNT, METHOD, PATH (relative to the current
directory), where METHOD says how COUNT was found:

  html     the corpus counting rules (corpora/README.md) applied with the standard library's
           `html.parser`: every `<a>` and `<area>` with an `href` attribute outside comments,
           every `<v:roundrect>` / `<v:rect>` with `href` inside a conditional comment
           (`<!--[if ...]>`), the contents of a conditional comment parsed again as markup,
           nothing inside a plain comment.
  text     a simple linkifier: `scheme://...`, `www.` hosts, and scheme-less hosts whose last
           label is a top-level domain of the Public Suffix List (as phones linkify), not
           e-mail addresses.
  mail     e-mail (`.eml`, each message of an `.mbox`, each file of a Maildir) parsed with
           the `email` package; every text/html part counted as `html`, every text/plain part as
           `text`, attached messages (message/rfc822) walked too; other parts are not read.
  chat     message exports, each message's text linkified as `text`: a WhatsApp export (the
           whole file), the body column of a CSV message log (`csv`), the `body` of each `<sms>`
           and the text/plain parts of each `<mms>` of an SMS backup (`xml.etree`); in a
           Telegram `result.json`, the `link` and `text_link` entities of each message.
  zip      each entry of a zip by its name: `.html` as `html`, `.txt` (a WhatsApp export) as
           `chat`; other entries (photos) are not read.
  expect   formats this script has no independent reader for (MJML, Handlebars templates, Google
           Voice pages, Messenger/Instagram exports): the
           number of labelled lines of the input's hand-written `.expect` file.

It uses only the standard library (lxml may be missing) and shares no code with darkshare, so a
reader change in darkshare that drops links cannot change these counts.
"""
import csv
import email
import email.policy
import gzip
import html.parser
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ElementTree
import zipfile

PSL = "/usr/share/publicsuffix/public_suffix_list.dat"
# Enough of the list to read the corpus when the Public Suffix List is not installed.
FALLBACK_TLDS = {"com", "org", "net", "edu", "gov", "io", "co", "uk", "de", "fr", "me", "ly", "app", "shop"}


def top_level_domains():
    try:
        text = open(PSL, encoding="utf-8").read()
    except OSError:
        return FALLBACK_TLDS
    labels = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        label = line.split()[0].lstrip("!").split(".")[-1].lower()
        if label and label != "*":
            labels.add(label)
    return labels


TLDS = top_level_domains()


class LinkCounter(html.parser.HTMLParser):
    """Counts the links of one piece of markup by the corpus counting rules."""

    def __init__(self, inside_conditional=False):
        super().__init__(convert_charrefs=True)
        self.inside_conditional = inside_conditional
        self.count = 0

    def _tag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if "href" not in names:
            return
        if tag in ("a", "area"):
            self.count += 1
        elif tag in ("v:roundrect", "v:rect") and self.inside_conditional:
            self.count += 1

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_comment(self, data):
        # `<!--[if mso]> ... <![endif]-->`: Outlook renders the inside, so its links count.
        # A plain comment's links do not. `<!--[if !mso]><!-->` closes at once; what it
        # guards is ordinary markup, outside the comment.
        body = data.lstrip()
        if not body.lower().startswith("[if"):
            return
        close = body.find("]>")
        inner = body[close + 2:] if close >= 0 else ""
        inner = re.sub(r"<!\[endif\]\s*$", "", inner, flags=re.I)
        nested = LinkCounter(inside_conditional=True)
        nested.feed(inner)
        nested.close()
        self.count += nested.count


def count_html(text):
    counter = LinkCounter()
    counter.feed(text)
    counter.close()
    return counter.count


URL = re.compile(
    r"""(?ix)
    (?<![@\w.\-])                                   # not inside a word or an e-mail address
    (?:
        [a-z][a-z0-9+.\-]*://[^\s<>"]+              # scheme://...
      | www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+[^\s<>"]* # www.host...
      | [a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/[^\s<>"]*)? # host.tld/...
    )
    """
)
HOST = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://)?([^/?#:\s]+)", re.I)


def count_text(text):
    count = 0
    for match in URL.finditer(text):
        url = match.group(0)
        end = match.end()
        if end < len(text) and text[end] == "@":
            continue  # the local part of an e-mail address
        if "://" not in url and not url.lower().startswith("www."):
            host = HOST.match(url).group(1).rstrip(".").lower()
            if host.split(".")[-1] not in TLDS:
                continue  # `shop.example/x`, `file.txt`, `v1.2` are not links
        count += 1
    return count


def decoded(part):
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def count_message(message):
    count = 0
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue  # walk() visits the parts (and an attached message's parts) themselves
        if (part.get_content_disposition() or "") == "attachment" and part.get_content_maintype() != "text":
            continue
        kind = part.get_content_type()
        if kind == "text/html":
            count += count_html(decoded(part))
        elif kind == "text/plain":
            count += count_text(decoded(part))
    return count


def parse_message(data):
    return email.message_from_bytes(data, policy=email.policy.compat32)


# `From sender date`: the sender an address, `-` (Thunderbird) or MAILER-DAEMON, or a
# ctime-style date after it; a body line such as `From time to time we ...` is neither.
FROM_LINE = re.compile(
    rb"^From (?:\S*@\S*|-|MAILER-DAEMON)(?:\s|$)|^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ")
HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]+:")
QUOTED_FROM = re.compile(rb"^>(>*From )")


def mbox_messages(data):
    """Splits an mbox at `From ` lines that start a message: at the start of the file or after
    a blank line, shaped like an envelope line and followed by a header line (so a body line
    `From time to time` does not split). Undoes mboxrd `>From` quoting."""
    lines = data.splitlines(keepends=True)
    starts = []
    for index, line in enumerate(lines):
        if not FROM_LINE.match(line):
            continue
        after_blank = index == 0 or lines[index - 1].strip() == b""
        followed_by_header = index + 1 < len(lines) and HEADER_LINE.match(lines[index + 1])
        if after_blank and followed_by_header:
            starts.append(index)
    messages = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        body = [QUOTED_FROM.sub(rb"\1", line) for line in lines[start + 1:end]]
        messages.append(b"".join(body))
    return messages


def maildir_files(root):
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        if os.path.basename(directory) not in ("cur", "new"):
            continue
        for name in sorted(files):
            yield os.path.join(directory, name)


def count_csv_log(text):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return 0
    header = [name.strip().lower() for name in rows[0]]
    body = next((i for i, name in enumerate(header) if name in ("body", "message", "text", "content")), None)
    if body is None:
        return 0
    return sum(count_text(row[body]) for row in rows[1:] if len(row) > body)


def count_sms_backup(data):
    count = 0
    for _, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag == "sms":
            count += count_text(element.get("body") or "")
        elif element.tag == "part" and element.get("ct") == "text/plain":
            count += count_text(element.get("text") or "")
    return count


def count_telegram(data):
    export = json.loads(data)
    count = 0
    for message in export.get("messages", []):
        entities = message.get("text_entities")
        if entities is None:
            text = message.get("text")
            entities = [part for part in text if isinstance(part, dict)] if isinstance(text, list) else []
        count += sum(1 for entity in entities if entity.get("type") in ("link", "text_link"))
    return count


def count_zip(path):
    count = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            lower = name.lower()
            if lower.endswith((".html", ".htm")):
                count += count_html(archive.read(name).decode("utf-8", errors="replace"))
            elif lower.endswith(".txt"):
                count += count_text(archive.read(name).decode("utf-8", errors="replace"))
    return count


def expect_count(path):
    try:
        lines = open(path + ".expect", encoding="utf-8").read().splitlines()
    except OSError:
        return None
    count = 0
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("@"):
            count += 1
    return count


def count_input(path):
    """(count, method) for one corpus input, or None when it is not an input."""
    name = path.lower()
    # Google Voice pages and Messenger exports: no independent reader here yet.
    if any(part in ("gvoice", "messenger") for part in path.split(os.sep)):
        count = expect_count(path)
        return (count, "expect") if count is not None else None
    if name.endswith(".gz"):
        inner = gzip.decompress(open(path, "rb").read())
        if name.endswith((".html.gz", ".htm.gz")):
            return count_html(inner.decode("utf-8", errors="replace")), "html"
        return expect_count(path), "expect"
    if name.endswith((".html", ".htm")):
        # The corpus's legacy file is windows-1252; hrefs are ASCII either way.
        return count_html(open(path, "rb").read().decode("utf-8", errors="replace")), "html"
    if name.endswith(".eml"):
        return count_message(parse_message(open(path, "rb").read())), "mail"
    if name.endswith(".mbox"):
        data = open(path, "rb").read()
        return sum(count_message(parse_message(m)) for m in mbox_messages(data)), "mail"
    if name.endswith(".txt") and os.sep + "text" + os.sep in os.sep + path:
        return count_text(open(path, encoding="utf-8", errors="replace").read()), "text"
    if name.endswith(".txt"):
        return count_text(open(path, encoding="utf-8", errors="replace").read()), "chat"
    if name.endswith(".csv"):
        return count_csv_log(open(path, encoding="utf-8", errors="replace", newline="").read()), "chat"
    if name.endswith(".xml"):
        return count_sms_backup(open(path, "rb").read()), "chat"
    if name.endswith(".json"):
        return count_telegram(open(path, "rb").read()), "chat"
    if name.endswith(".zip"):
        return count_zip(path), "zip"
    if os.path.isdir(os.path.join(path, "cur")):
        return sum(count_message(parse_message(open(f, "rb").read())) for f in maildir_files(path)), "mail"
    count = expect_count(path)
    return (count, "expect") if count is not None else None


def corpus_inputs(root):
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        if os.path.isdir(os.path.join(directory, "cur")):
            yield directory
            subdirectories[:] = []  # a Maildir is one input, its folders included
            continue
        for name in sorted(files):
            if name.endswith(".expect") or name.startswith(".") or name == "README.md":
                continue
            yield os.path.join(directory, name)


def main(argv):
    root = argv[1] if len(argv) > 1 else "corpora"
    for path in corpus_inputs(root):
        found = count_input(path)
        if found is None or found[0] is None:
            print(f"warning: {path}: no independent count (no reader, no .expect)", file=sys.stderr)
            continue
        count, method = found
        print(f"{count}\t{method}\t{path}")


if __name__ == "__main__":
    main(sys.argv)
