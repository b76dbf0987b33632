import DarkshareReaders
import Testing

/// Standard input (`-`) and files named without an extension are recognised by their content
/// alone, by the same readers, in the same order, as files are.
@Suite struct ContentSniffingTests {
  static let header = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"

  @Test(arguments: [
    ("From news@shop.example Sat Jan  3 01:05:34 2024\nFrom: news@shop.example\n\nhi", "mbox"),
    ("Received: from mx\nContent-Type: text/html\n\n<html><a href=x>", "eml"),
    ("12/31/24, 9:41 PM - Ann: see https://shop.example/", "whatsapp"),
    ("[31/12/2024, 21:41:05] Ann: hi", "whatsapp"),
    (#"{"name": "Chat", "type": "personal_chat", "id": 1, "messages": []}"#, "telegram"),
    ("Date,From,Body\n2024-01-01,+1555,https://shop.example/\n", "csv"),
    ("\u{FEFF}sid;\"Message Body\"\n", "text"),  // semicolons are not this reader's separator
    ("\u{FEFF}\"Sms Message Sid\",\"Message body\"\r\n1,x\r\n", "csv"),
    (header + "<smses count=\"1\">\n<sms address=\"1\" body=\"https://a.example/\" />\n</smses>\n", "sms-backup"),
    ("<!DOCTYPE html><html><body><a href=\"https://a.example/\">a</a>", "html"),
    ("Visit https://shop.example/sale today.\n", "text"),
    ("Text, with a comma\nhttps://shop.example/\n", "text"),  // one column named like a body is no header
    ("Message,Link\nhi,https://shop.example/\n", "text"),
  ])
  func standardInputIsRecognisedByItsContent(_ head: String, _ format: String) {
    #expect(BuiltInReaders.reader(forPath: "-", head: Array(head.utf8)[...])?.format == format)
    #expect(BuiltInReaders.reader(forPath: "exports/chat", head: Array(head.utf8)[...])?.format == format)
  }

  @Test func emptyOrBinaryContentIsNoFormat() {
    #expect(BuiltInReaders.reader(forPath: "-", head: []) == nil)
    #expect(BuiltInReaders.reader(forPath: "-", head: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1]) == nil)
  }

  /// A name with an extension still decides for the readers that go by it.
  @Test func anExtensionStillDecides() {
    let csv = Array("Date,From,Body\n".utf8)[...]
    #expect(BuiltInReaders.reader(forPath: "log.txt", head: csv)?.format == "text")
    #expect(BuiltInReaders.reader(forPath: "log.dat", head: csv) == nil)
    let sms = Array((Self.header + "<smses/>").utf8)[...]
    #expect(BuiltInReaders.reader(forPath: "backup.txt", head: sms)?.format == "text")
    #expect(BuiltInReaders.reader(forPath: "notes.log", head: Array("https://a.example/".utf8)[...]) == nil)
  }

  @Test func namesWithoutAnExtension() {
    #expect(InputName.hasNoExtension("-"))
    #expect(InputName.hasNoExtension("chat"))
    #expect(InputName.hasNoExtension("exports.d/chat"))
    #expect(InputName.hasNoExtension(".profile"))
    #expect(!InputName.hasNoExtension("sms.xml"))
    #expect(!InputName.hasNoExtension("1700000000.M1P2.host:2,S"))
  }

  /// An extension is told on the bytes as lower-casing and `hasSuffix` tell it, for names
  /// in any case, short names, non-ASCII names and a Prepend mark before the dot.
  @Test func extensionsAreToldAsLowerCasedSuffixes() {
    let names = [
      "a.json", "A.JSON", "x.Json", "json", ".json", "a.jsonx", "a.json/", "ê.json", "日本.json", "a.jso", "", "n",
      "\u{600}.json", "a\u{301}.json", "a.json\u{301}", "dir.json/file", "K.JSON", "a.\u{212A}son",
    ]
    for name in names {
      for suffix: StaticString in [".json", ".xml", ".eml"] {
        #expect(InputName.hasExtension(name, suffix) == name.lowercased().hasSuffix("\(suffix)"), "\(name) \(suffix)")
      }
    }
  }

  @Test func formatsAreTheReadersNames() {
    #expect(BuiltInReaders.formats == BuiltInReaders.all.map { $0.format })
    for format in BuiltInReaders.formats { #expect(BuiltInReaders.reader(named: format)?.format == format) }
    #expect(BuiltInReaders.reader(named: "HTML") == nil)
  }
}
