#!/usr/bin/env python3
"""Writes corpora/imessage/chat.db: a small Apple Messages database in the documented chat.db
schema (the columns darkshare reads), with synthetic messages. Run from the package root:

    python3 Scripts/make-imessage-corpus.py

The file is committed; this script makes it reproducible (same bytes for the same SQLite).
Message 3 has no `text`, only an `attributedBody` typedstream (macOS 13 and later); message 4's
link is only a link attribute over words; message 5 is a rich link preview (`payload_data`, an
NSKeyedArchiver binary plist of LPLinkMetadata, written with plistlib's UID).
"""

import os
import plistlib
import sqlite3

APPLE_EPOCH = 978_307_200


def apple_nanoseconds(unix_seconds):
    return (unix_seconds - APPLE_EPOCH) * 1_000_000_000


def integer(value):
    if -110 <= value < 128:
        return bytes([value & 0xFF])
    if value < 32768:
        return bytes([0x81, value & 0xFF, value >> 8 & 0xFF])
    return bytes([0x82]) + value.to_bytes(4, "little")


def attributed_body(text, link=None):
    """An NSMutableAttributedString typedstream as Messages writes it: the string, then runs of
    attribute dictionaries; `link` = (url, location, length) in UTF-16 units."""
    out = bytearray([0x04, 0x0B]) + b"streamtyped" + bytes([0x81, 0xE8, 0x03])
    out += bytes([0x84, 0x01, 0x40])
    out += bytes([0x84, 0x84, 0x84, 0x19]) + b"NSMutableAttributedString" + b"\x00"
    out += bytes([0x84, 0x84, 0x12]) + b"NSAttributedString" + b"\x00"
    out += bytes([0x84, 0x84, 0x08]) + b"NSObject" + bytes([0x00, 0x85])
    out += bytes([0x92, 0x84, 0x84, 0x84, 0x08]) + b"NSString" + bytes([0x01, 0x95])
    utf8 = text.encode()
    out += bytes([0x84, 0x01, 0x2B]) + integer(len(utf8)) + utf8 + bytes([0x86])
    utf16 = len(text.encode("utf-16-le")) // 2
    runs = []
    if link:
        url, location, length = link
        if location > 0:
            runs.append((1, location, None))
        runs.append((2, length, url))
        if utf16 - location - length > 0:
            runs.append((3, utf16 - location - length, None))
    else:
        runs.append((1, utf16, None))
    key = b"__kIMLinkAttributeName"
    for position, (number, length, url) in enumerate(runs):
        out += bytes([0x84, 0x02, 0x69, 0x49]) if position == 0 else bytes([0x98])
        out += integer(number) + integer(length)
        out += bytes([0x92, 0x84, 0x84, 0x84, 0x0C]) + b"NSDictionary" + bytes([0x00, 0x95])
        out += bytes([0x84, 0x01, 0x69])
        if url:
            out += bytes([0x01])
            out += bytes([0x92, 0x84, 0x97, 0x97]) + integer(len(key)) + key + bytes([0x86])
            out += bytes([0x92, 0x84, 0x84, 0x84, 0x05]) + b"NSURL" + bytes([0x00, 0x95])
            out += bytes([0x84, 0x01, 0x63, 0x00])
            out += bytes([0x92, 0x84, 0x97, 0x97]) + integer(len(url.encode())) + url.encode() + bytes([0x86, 0x86])
        else:
            out += bytes([0x00])
        out += bytes([0x86])
    return bytes(out + bytes([0x86]))


def link_preview(url):
    """payload_data of a URL balloon: a keyed archive whose LPLinkMetadata has the shared URL."""
    uid = plistlib.UID
    objects = [
        "$null",
        {"richLinkMetadata": uid(2), "$class": uid(8)},
        {"originalURL": uid(3), "URL": uid(5), "$class": uid(7)},
        {"NS.base": uid(0), "NS.relative": uid(4), "$class": uid(6)},
        url,
        {"NS.base": uid(0), "NS.relative": uid(4), "$class": uid(6)},
        {"$classname": "NSURL", "$classes": ["NSURL", "NSObject"]},
        {"$classname": "LPLinkMetadata", "$classes": ["LPLinkMetadata", "NSObject"]},
        {"$classname": "RichLink", "$classes": ["RichLink", "NSObject"]},
    ]
    archive = {"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": uid(1)}, "$objects": objects}
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY, sort_keys=True)


SCHEMA = """
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT,
  attributedBody BLOB, payload_data BLOB, balloon_bundle_id TEXT, date INTEGER, service TEXT,
  handle_id INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0, cache_roomnames TEXT);
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, service TEXT NOT NULL);
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, chat_identifier TEXT, display_name TEXT);
CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, PRIMARY KEY (chat_id, message_id));
"""

BALLOON = "com.apple.messages.URLBalloonProvider"
MARCH_2 = 1_772_467_200  # 2026-03-02T16:00:00Z

# (ROWID, text, attributedBody, payload, balloon, date, service, handle, is_from_me, chat)
MESSAGES = [
    (1, "Spring sale 🌱 https://shop.example/spring?utm_source=imessage&utm_medium=social&utm_campaign=spring-2026",
     None, None, None, apple_nanoseconds(MARCH_2), "iMessage", 1, 0, 1),
    (2, "Your order shipped: https://track.shop.example/o/8812?utm_source=sms&utm_medium=sms&utm_campaign=orders",
     None, None, None, MARCH_2 + 600 - APPLE_EPOCH, "SMS", 2, 0, 2),
    (3, None, attributed_body("look https://blog.example/trail?fbclid=IwAR0xYz12"), None, None,
     apple_nanoseconds(MARCH_2 + 900), "iMessage", 3, 1, 3),
    (4, "the boots are back", attributed_body("the boots are back", ("https://shop.example/boots", 4, 5)), None, None,
     apple_nanoseconds(MARCH_2 + 1200), "iMessage", 3, 0, 3),
    (5, None, None, link_preview("https://shop.example/lookbook?utm_source=imessage&utm_medium=social"), BALLOON,
     apple_nanoseconds(MARCH_2 + 1500), "iMessage", 1, 0, 1),
    (6, "STOP to opt out: https://shop.example/unsubscribe?id=4411", None, None, None,
     apple_nanoseconds(MARCH_2 + 1800), "SMS", 2, 0, 2),
    (7, "bit.ly/3xYzAbc", None, None, None, apple_nanoseconds(MARCH_2 + 2100), "SMS", 2, 0, 2),
]


def main():
    path = os.path.join("corpora", "imessage", "chat.db")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.unlink(path)
    database = sqlite3.connect(path)
    database.executescript(SCHEMA)
    database.executemany(
        "INSERT INTO handle VALUES (?, ?, ?)",
        [(1, "harbor@shop.example", "iMessage"), (2, "+15550111", "SMS"), (3, "zoe@mail.example", "iMessage")],
    )
    database.executemany(
        "INSERT INTO chat VALUES (?, ?, ?)",
        [(1, "harbor@shop.example", "Harbor Outfitters"), (2, "+15550111", ""), (3, "zoe@mail.example", "")],
    )
    for row in MESSAGES:
        rowid, text, body, payload, balloon, date, service, handle, from_me, chat = row
        database.execute(
            "INSERT INTO message (ROWID, guid, text, attributedBody, payload_data, balloon_bundle_id, date, service,"
            " handle_id, is_from_me) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rowid, f"0000-{rowid:04d}", text, body, payload, balloon, date, service, handle, from_me),
        )
        database.execute("INSERT INTO chat_message_join VALUES (?, ?)", (chat, rowid))
    database.commit()
    database.execute("VACUUM")
    database.close()
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
