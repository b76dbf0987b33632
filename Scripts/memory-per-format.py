#!/usr/bin/env python3
"""Peak memory of `darkshare links` on one large input of each format, at two sizes.

    Scripts/memory-per-format.py BIN [--links N] [--formats html,mbox,…] [--keep DIR]

For every format it writes an input dense with links (one link in every message or paragraph,
the worst case for memory per byte), at N and 4×N links, runs
`BIN links --format ndjson --quiet --jobs 1 FILE > /dev/null` and reads the child's peak
resident set size (`getrusage` of the child, as `/usr/bin/time -v` does). The table shows bytes,
links, peak RSS and the growth between the two sizes per input byte: a format that streams
stays flat (its peak follows the largest message), one read whole grows with its size.
Issue 15 asks that no input take more than a linear multiple of its size; this measures the
multiple. Nothing is asserted: it is a measurement, recorded in BENCHMARKS.md.
"""

import argparse
import base64
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import zipfile


def url(i):
    return f"https://shop{i % 50}.example/p/{i}?utm_source=news&utm_medium=email&utm_campaign=spring"


def html(n):
    rows = "".join(f'<p><a href="{url(i)}">Product {i}</a></p>\n' for i in range(n))
    return f"<html><body>\n{rows}</body></html>\n".encode()


def text(n):
    return "".join(f"Product {i}: {url(i)}\n" for i in range(n)).encode()


def eml(n):
    body = html(n).decode()
    return (
        "From: news@shop.example\nTo: a@b.example\nSubject: Sale\nDate: Mon, 1 Jun 2026 10:00:00 +0000\n"
        "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" + body
    ).encode()


def eml_forward(n):
    """The message of eml(n) forwarded as an attachment in base64, as mail clients forward one."""
    inner = base64.encodebytes(eml(n)).decode()
    return (
        "From: friend@home.example\nTo: c@d.example\nSubject: Fwd: Sale\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nHave a look\n'
        "--b\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + inner + "\n--b--\n"
    ).encode()


def mbox(n):
    out = []
    for i in range(n):
        out.append(
            f"From news@shop.example Mon Jun  1 10:00:00 2026\nFrom: news@shop.example\nSubject: Sale {i}\n"
            f"Date: Mon, 1 Jun 2026 10:00:00 +0000\nContent-Type: text/html\n\n"
            f'<a href="{url(i)}">Product {i}</a>\n\n'
        )
    return "".join(out).encode()


def escaped(value):
    return value.replace("&", "&amp;")


def sms(n):
    rows = "".join(
        f'<sms protocol="0" address="+15550100" date="1780000000000" type="1" body="Sale: {escaped(url(i))}" read="1" />\n'
        for i in range(n)
    )
    return f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{n}\">\n{rows}</smses>\n".encode()


def whatsapp(n):
    return "".join(f"01/06/2026, 10:{i % 60:02d} - Ann: look {url(i)}\n" for i in range(n)).encode()


def signal(n):
    return "".join(f"[2026-06-01 10:{i % 60:02d}:00] Ann: look {url(i)}\n" for i in range(n)).encode()


def template(n):
    rows = "".join(f'<p><a href="{url(i)}&id={{{{id}}}}">{{{{name}}}} {i}</a></p>\n' for i in range(n))
    return f"<html><body>\n{{{{#if vip}}}}<b>VIP</b>{{{{/if}}}}\n{rows}</body></html>\n".encode()


def mjml(n):
    rows = "".join(f'<mj-button href="{url(i)}">Product {i}</mj-button>\n' for i in range(n))
    return f"<mjml><mj-body><mj-section><mj-column>\n{rows}</mj-column></mj-section></mj-body></mjml>\n".encode()


def google_voice(n):
    messages = "".join(
        f'<div class="message"><abbr class="dt" title="2026-03-02T09:04:05.120-08:00">Mar 2</abbr>:\n'
        f'<cite class="sender vcard"><a class="tel" href="tel:+15550142"><span class="fn">Shop</span></a></cite>:\n'
        f"<q>Sale {url(i).replace('&', '&amp;')}</q></div>\n"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" ?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Shop</title></head>'
        f'<body><div class="hChatLog hfeed">\n{messages}</div></body></html>\n'
    ).encode()


def csv(n):
    head = "date,from,to,body\n"
    return (head + "".join(f'2026-06-01 10:00:00,+15550100,+15550111,"Sale: {url(i)}"\n' for i in range(n))).encode()


def telegram(n):
    # The URL as Telegram writes it: a `link` entity (a plain string holds no link for the reader).
    messages = [
        {"id": i, "type": "message", "date": "2026-06-01T10:00:00", "from": "Ann",
         "text": ["look ", {"type": "link", "text": url(i)}],
         "text_entities": [{"type": "plain", "text": "look "}, {"type": "link", "text": url(i)}]}
        for i in range(n)
    ]
    return json.dumps({"name": "Chat", "type": "personal_chat", "id": 1, "messages": messages}).encode()


def messenger(n):
    messages = [
        {"sender_name": "Ann", "timestamp_ms": 1780000000000 + i, "content": f"look {url(i)}"} for i in range(n)
    ]
    return json.dumps({"participants": [{"name": "Ann"}, {"name": "Bo"}], "messages": messages}).encode()


def compound_file(name, stream):
    """An OLE2 compound file (version 3, 512-byte sectors) holding one stream of 4096 bytes or
    more (so in regular sectors, no mini stream), FAT sectors listed in DIFAT sectors as needed."""
    import math
    import struct
    end, free, fat_sector, difat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFF
    data = math.ceil(len(stream) / 512)
    fats = difats = 0
    while True:
        total = data + 1 + fats + difats
        need_fats = math.ceil(total / 128)
        need_difats = max(0, math.ceil((need_fats - 109) / 127))
        if (need_fats, need_difats) == (fats, difats):
            break
        fats, difats = need_fats, need_difats
    directory = data
    fat_start, difat_start = data + 1, data + 1 + fats
    table = [free] * (fats * 128)
    for i in range(data):
        table[i] = i + 1 if i + 1 < data else end
    table[directory] = end
    for i in range(fats):
        table[fat_start + i] = fat_sector
    for i in range(difats):
        table[difat_start + i] = difat_sector
    fat_list = list(range(fat_start, fat_start + fats))
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, fats, directory, 0, 4096, end, 0,
                     difat_start if difats else end, difats)
    head = fat_list[:109] + [free] * (109 - len(fat_list[:109]))
    struct.pack_into("<109I", header, 76, *head)

    def entry(entry_name, kind, child, start, size):
        record = bytearray(128)
        units = entry_name.encode("utf-16-le")
        record[0:len(units)] = units
        struct.pack_into("<HBBIII", record, 64, len(units) + 2, kind, 1, no_stream, no_stream, child)
        struct.pack_into("<IQ", record, 116, start, size)
        return bytes(record)

    out = bytearray(header)
    out += stream + bytes(data * 512 - len(stream))
    out += entry("Root Entry", 5, 1, end, 0) + entry(name, 2, no_stream, 0, len(stream)) + bytes(256)
    out += struct.pack(f"<{len(table)}I", *table)
    rest = fat_list[109:]
    for i in range(difats):
        chunk = rest[i * 127:(i + 1) * 127]
        following = difat_start + i + 1 if i + 1 < difats else end
        out += struct.pack("<128I", *(chunk + [free] * (127 - len(chunk)) + [following]))
    return bytes(out)


def msg(n):
    # An Outlook message whose only property is its HTML body (`PidTagHtml`, binary).
    return compound_file("__substg1.0_10130102", html(n))


def gz(n):
    return gzip.compress(html(n), compresslevel=1)


def zip_(n):
    path = tempfile.mktemp(suffix=".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("letter.html", html(n))
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    return data


FORMATS = {
    "html": ("letter.html", html),
    "text": ("notes.txt", text),
    "eml": ("one.eml", eml),
    "eml (forwarded in base64)": ("forward.eml", eml_forward),
    "mbox": ("archive.mbox", mbox),
    "sms-backup": ("sms-backup.xml", sms),
    "whatsapp": ("WhatsApp Chat with Ann.txt", whatsapp),
    "signal": ("chat.md", signal),
    "template (hbs)": ("welcome.hbs", template),
    "mjml": ("letter.mjml", mjml),
    "google-voice": ("Voice/Calls/Shop - Text - 2026-03-02T17_04_05Z.html", google_voice),
    "csv": ("log.csv", csv),
    "telegram": ("result.json", telegram),
    "messenger": ("message_1.json", messenger),
    "msg (html body)": ("letter.msg", msg),
    "gzip (html)": ("letter.html.gz", gz),
    "zip (html)": ("letters.zip", zip_),
}


def peak_rss(binary, path):
    """Runs darkshare on `path`; returns (peak RSS in MiB, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.devnull, "wb") as null:
        code = subprocess.call(
            [binary, "links", "--format", "ndjson", "--quiet", "--jobs", "1", path], stdout=null, stderr=null
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: measure from small to large.
    return max(after, before) / 1024, code


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--links", type=int, default=50_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--keep", help="write the inputs here and keep them")
    args = parser.parse_args()
    directory = args.keep or tempfile.mkdtemp(prefix="ds-memory-")
    os.makedirs(directory, exist_ok=True)
    print("| format | links | input MiB | peak RSS MiB | links | input MiB | peak RSS MiB | growth ÷ input growth |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.formats.split(","):
        filename, generate = FORMATS[name]
        row = []
        for count in (args.links, 4 * args.links):
            # In a folder of its own: the name (and for Google Voice the folders) says the format.
            path = os.path.join(directory, str(count), filename)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            data = generate(count)
            with open(path, "wb") as f:
                f.write(data)
            del data
            # One child per measurement: ru_maxrss of children only ever grows.
            rss = subprocess.run(
                [sys.executable, __file__, "--measure-one", args.binary, path], capture_output=True, text=True
            ).stdout.split()
            row.append((count, os.path.getsize(path) / 2**20, float(rss[0]), int(rss[1])))
            if not args.keep:
                os.unlink(path)
        (n1, s1, r1, c1), (n2, s2, r2, c2) = row
        slope = (r2 - r1) / (s2 - s1)
        codes = "" if c1 in (0, 1) and c2 in (0, 1) else f" (exit {c1}/{c2})"
        print(f"| {name}{codes} | {n1:,} | {s1:.1f} | {r1:.0f} | {n2:,} | {s2:.1f} | {r2:.0f} | {slope:.1f}× |")
        sys.stdout.flush()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--measure-one":
        rss, code = peak_rss(sys.argv[2], sys.argv[3])
        print(rss, code)
    else:
        main()
