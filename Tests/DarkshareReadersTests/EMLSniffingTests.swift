import DarkshareReaders
import Testing

/// Which extension-less files e-mail sniffing claims: stored mail (Maildir files) starts with
/// whatever header the last server added.
@Suite struct EMLSniffingTests {
  private func accepts(_ text: String, path: String = "1700000000.M1P2.host:2,S") -> Bool {
    EMLReader.accepts(path: path, head: Array(text.utf8)[...])
  }

  @Test(arguments: [
    "Return-Path: <a@b.example>\nDelivered-To: c@d.example\n",
    "Return-path: <a@b.example>\n",
    "Delivered-To: c@d.example\n",
    "Received: from mx.example\n",
    "X-Original-To: c@d.example\nDelivered-To: c@d.example\n",
    "X-Spam-Status: No\n  score=1\nFrom: a@b.example\n",
    "X-YMail-OSG: abc\nX-Yahoo-Newman-Id: 1\n",
    "List-Id: <list.example>\nFrom: a@b.example\n",
    "Date: Tue, 3 Mar 2026 09:00:00 +0100\n",
    "MIME-Version: 1.0\r\n",
  ])
  func storedMailIsClaimed(_ head: String) {
    #expect(accepts(head), "\(head)")
  }

  @Test(arguments: [
    "X-Factor: notes on the show\n\nSome text.\n",
    "Status: done\nOwner: me\n",
    "Hello there\n",
    "From time to time\n",
    "",
  ])
  func otherTextIsNot(_ head: String) {
    #expect(!accepts(head), "\(head)")
  }
}
