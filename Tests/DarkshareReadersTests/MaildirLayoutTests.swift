import DarkshareReaders
import Testing

/// Which entries of a Maildir tree are messages.
@Suite struct MaildirLayoutTests {
  private let root: Set<String> = ["cur", "new", "tmp", ".Sent", ".Lists.swift", "dovecot-uidlist", "maildirsize", "17:2,"]

  @Test func filesInCurAndNewAreMessages() {
    let cur = MaildirLayout(name: "cur", entries: ["1700000000.M1P2.host:2,S"], parentEntries: root)
    #expect(cur.isMessageFolder)
    #expect(cur.isMessage("1700000000.M1P2.host:2,S"))
    #expect(cur.isMessage("1700000001.M3P4.host"))
    #expect(!cur.isMessage(".hidden"))
    #expect(!cur.isMessage("dovecot.index.cache"))
    let new = MaildirLayout(name: "new", entries: [], parentEntries: ["cur", "new"])  // git drops tmp/
    #expect(new.isMessage("27:2,"))
  }

  @Test func curOutsideAMaildirIsAPlainFolder() {
    let cur = MaildirLayout(name: "cur", entries: ["notes"], parentEntries: ["cur", "src"])
    #expect(!cur.isMessageFolder)
    #expect(!cur.isMessage("notes"))
    #expect(!MaildirLayout(name: "new", entries: [], parentEntries: nil).isMessage("x"))
  }

  @Test func maildirRootWalksMaildirPlusPlusFoldersAndSkipsTmp() {
    let layout = MaildirLayout(name: "Mail", entries: root, parentEntries: nil)
    #expect(layout.isMaildirRoot)
    #expect(layout.walksHiddenDirectory(".Sent"))
    #expect(layout.walksHiddenDirectory(".Lists.swift"))
    #expect(!layout.walksHiddenDirectory("."))
    #expect(!layout.walksHiddenDirectory(".."))
    #expect(layout.skipsDirectory("tmp"))
    #expect(!layout.skipsDirectory("cur"))
    #expect(!layout.isMessage("dovecot-uidlist"))
    #expect(!layout.isMessage("maildirsize"))
    #expect(layout.isMessage("17:2,"))  // notmuch keeps messages in folder roots
    #expect(layout.isMessage("17!2,RS"))
    #expect(!layout.isMessage("README"))
  }

  @Test func otherFoldersWalkNothingHidden() {
    let layout = MaildirLayout(name: "project", entries: [".git", "src", "tmp"], parentEntries: nil)
    #expect(!layout.isMaildirRoot)
    #expect(!layout.walksHiddenDirectory(".git"))
    #expect(!layout.skipsDirectory("tmp"))
    #expect(!layout.isMessage("17:2,"))
  }
}
