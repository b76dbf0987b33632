#!/usr/bin/env bash
# Copies and derives the seed corpus of every fuzz harness from corpora/ into Fuzz/seeds/<Harness>/
# (git-ignored; rebuilt on every run, so it always matches corpora/). Usage: Scripts/fuzz-seeds.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpora="$root/corpora"
target="$root/Fuzz/seeds"
# Built aside and swapped in, so a harness starting meanwhile (another fuzz.sh) still finds seeds.
seeds="$(mktemp -d "$root/Fuzz/.seeds.XXXXXX")"
trap 'rm -rf "$seeds"' EXIT

copy() { # harness, files…
  local harness="$1"; shift
  mkdir -p "$seeds/$harness"
  for file in "$@"; do
    [[ -f "$file" ]] && cp "$file" "$seeds/$harness/$(basename "$(dirname "$file")")-$(basename "$file")"
  done
  return 0
}

shopt -s nullglob globstar
copy FuzzHTML "$corpora"/html/*.html "$corpora"/html-configured/*.html "$corpora"/mjml/*.mjml "$corpora"/templates/*.hbs
copy FuzzEML "$corpora"/eml/*.eml "$corpora"/maildir/**/cur/* "$corpora"/maildir/**/new/*
copy FuzzMbox "$corpora"/mbox/*.mbox
copy FuzzSMSBackup "$corpora"/sms-backup/*.xml
copy FuzzWhatsApp "$corpora"/whatsapp/*.txt
copy FuzzTelegram "$corpora"/telegram/*.json
copy FuzzCSV "$corpora"/csv/*.csv
copy FuzzPlainText "$corpora"/text/*.txt "$corpora"/whatsapp/*.txt
copy FuzzZip "$corpora"/containers/*.zip
copy FuzzGzip "$corpora"/containers/*.gz
# The differential harness reads a chunk size from the first byte: seeds in chunks of 7 and whole.
mkdir -p "$seeds/FuzzHTMLParts"
for file in "$corpora"/html/*.html; do
  { printf '\006'; cat "$file"; } > "$seeds/FuzzHTMLParts/7-$(basename "$file")"
  { printf '\377'; cat "$file"; } > "$seeds/FuzzHTMLParts/whole-$(basename "$file")"
done
# A template (0x46: template dialect, chunks of 7) and an MJML source (0x86: MJML, chunks of 7).
for file in "$corpora"/templates/*.hbs; do { printf '\106'; cat "$file"; } > "$seeds/FuzzHTMLParts/7-$(basename "$file")"; done
for file in "$corpora"/mjml/*.mjml; do { printf '\206'; cat "$file"; } > "$seeds/FuzzHTMLParts/7-$(basename "$file")"; done
# The differential MIME harness reads the most bytes held from the first byte: 0 (every part
# from a decoded copy), 64, and every part held.
mkdir -p "$seeds/FuzzEMLParts"
for file in "$corpora"/eml/*.eml; do
  { printf '\000'; cat "$file"; } > "$seeds/FuzzEMLParts/0-$(basename "$file")"
  { printf '\100'; cat "$file"; } > "$seeds/FuzzEMLParts/64-$(basename "$file")"
  { printf '\377'; cat "$file"; } > "$seeds/FuzzEMLParts/all-$(basename "$file")"
done
copy FuzzOutlookMessage "$corpora"/msg/*.msg
copy FuzzOutlookMessageParts "$corpora"/msg/*.msg
copy FuzzSignal "$corpora"/signal/**/chat.md
copy FuzzMessenger "$corpora"/messenger/**/message_*.json

# Derived seeds: small containers built from corpus documents (a deflated and a stored zip
# entry, a gzip of an e-mail and a tar.gz), and one seed a URL for the URL harnesses.
python3 - "$corpora" "$seeds" <<'PY'
import gzip, io, re, sys, tarfile, zipfile
from pathlib import Path

corpora, seeds = Path(sys.argv[1]), Path(sys.argv[2])
html = sorted((corpora / "html").glob("*.html"))
eml = sorted((corpora / "eml").glob("*.eml"))

buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as archive:
    archive.writestr(zipfile.ZipInfo("news/letter.html"), html[0].read_bytes()[:4000], zipfile.ZIP_DEFLATED)
    archive.writestr(zipfile.ZipInfo("message.eml"), eml[0].read_bytes()[:4000], zipfile.ZIP_STORED)
(seeds / "FuzzZip" / "derived-two-entries.zip").write_bytes(buffer.getvalue())

(seeds / "FuzzGzip" / "derived-message.eml.gz").write_bytes(gzip.compress(eml[0].read_bytes(), mtime=0))
buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
    data = html[1].read_bytes()[:4000]
    info = tarfile.TarInfo("letter.html"); info.size = len(data); info.mtime = 0
    archive.addfile(info, io.BytesIO(data))
(seeds / "FuzzGzip" / "derived-letter.tar.gz").write_bytes(buffer.getvalue())

# FuzzOutlookDecoders: its first byte is the decoder (top bit: 0 LZFu, 1 RTF) and the chunk size
# less one (low six bits). RTF that encapsulates HTML with every token a chunk may cut, the
# specification's two LZFu examples (MS-OXRTFCP 4.1, 4.2) and that RTF as literal-only LZFu.
rtf = (rb"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}" + b"\r\n"
       + rb"{\*\htmltag84 <a href=" + b'"' + rb"https://shop.example/caf\'e9?utm_source=nl&amp;utm_medium=email" + b'"'
       + rb">}Caf\'e9 \uc1\u-10179?\u-8704? {\*\pict\bin12 {}\\{}\'zz\u12}\tab x\par\line{\*\mhtmltag84 x}"
       + rb"\htmlrtf {\b no}\htmlrtf0 \ldblquote q\rdblquote\~\_\{\}\\ {\*\htmltag92 </a>}\fs-24 \ansicpg932 \'82\'b2 end}")
lzfu = [bytes.fromhex("2d0000002b0000004c5a4675f1c5c7a703000a00726370673132354232"
                      "0af32068656c0900206277 05b06c647d0a800fa0".replace(" ", "")),
        bytes.fromhex("1a0000001c0000004c5a4675e2d44b51410004205758595a0d6e7d010eb0")]
body, write = bytearray(), 207
for start in range(0, len(rtf), 8):
    run = rtf[start:start + 8]
    body += bytes([0 if len(run) == 8 else (1 << len(run)) & 0xFF]) + run
    write = (write + len(run)) & 0xFFF
if len(rtf) % 8 == 0:
    body.append(1)
body += bytes([write >> 4, (write & 0xF) << 4])
lzfu.append(len(body).__add__(12).to_bytes(4, "little") + len(rtf).to_bytes(4, "little") + b"LZFu" + bytes(4) + bytes(body))
(seeds / "FuzzOutlookDecoders").mkdir(exist_ok=True)
for size in (1, 7, 64):
    (seeds / "FuzzOutlookDecoders" / f"rtf-{size}").write_bytes(bytes([0x80 | (size - 1)]) + rtf)
    for index, stream in enumerate(lzfu):
        (seeds / "FuzzOutlookDecoders" / f"lzfu{index}-{size}").write_bytes(bytes([size - 1]) + stream)

urls = set()
for path in corpora.rglob("*"):
    if path.is_file() and not path.name.endswith(".expect") and path.suffix not in (".gz", ".zip"):
        text = path.read_bytes().decode("utf-8", "replace")
        urls.update(re.findall(r"https?://[^\s\"'<>]+", text))
for harness in ("FuzzUnwrappers", "FuzzQuery"):
    (seeds / harness).mkdir(exist_ok=True)
    for index, url in enumerate(sorted(urls)):
        url = url.replace("&amp;", "&")
        # FuzzUnwrappers reads its first byte as the choice of wrapper prefix; 0 is none.
        prefix = b"\0" if harness == "FuzzUnwrappers" else b""
        (seeds / harness / f"url-{index:04}").write_bytes(prefix + url.encode())
PY
old="$root/Fuzz/.seeds-old.$$"
[[ -d "$target" ]] && mv "$target" "$old"
mv "$seeds" "$target"
rm -rf "$old"
for dir in "$target"/*/; do echo "$(basename "$dir"): $(ls "$dir" | wc -l) seeds"; done
