import DarkshareCore
import DarkshareJudgement
@testable import DarkshareRules
import Testing

/// What HTML examples cannot express: the channel a link was sent in, and the exact messages.
@Suite struct UnmappedMediumRuleTests {
  /// The `unmapped-medium` finding for `url` sent in `channel`, if any.
  private func finding(_ url: String, in channel: Channel = .email) -> Finding? {
    let link = Link(
      url: url, location: SourceLocation(file: "t", line: 1, column: 1), text: nil, element: "a", channel: channel)
    let policy = JudgementPolicy()
    let judged = LinkJudge(policy: policy).judge(link)
    let context = RuleContext(configuration: .default, policy: policy, links: [judged], documentName: "t.txt")
    return RuleRunner().findings(for: [judged], in: context)[0].first { $0.rule == "unmapped-medium" }
  }

  /// Links checked in one run share their verdicts by tags and channel: each still gets its
  /// own, and its own suggested URL (the medium as that link spells it).
  @Test func linksOfOneRunWithTheSameTagsKeepTheirOwnChannelAndSpelling() {
    let urls = [
      ("https://s.example/a?utm_source=acme&utm_medium=text&utm_campaign=may", Channel.sms),
      ("https://s.example/b?utm_source=acme&utm_medium=text&utm_campaign=may", .chat),
      ("https://s.example/c?utm_source=acme&utm_medium=t%65xt&utm_campaign=may", .sms),
      ("https://s.example/d?utm_source=acme&utm_medium=text&utm_campaign=may", .sms),
    ]
    let policy = JudgementPolicy()
    let judged = urls.map { url, channel in
      LinkJudge(policy: policy).judge(
        Link(url: url, location: SourceLocation(file: "t", line: 1, column: 1), text: nil, element: "a", channel: channel))
    }
    let context = RuleContext(configuration: .default, policy: policy, links: judged, documentName: "t.txt")
    let found = RuleRunner().findings(for: judged, in: context).map { $0.first { $0.rule == "unmapped-medium" } }
    #expect(found[0]?.message.hasSuffix("use 'sms' to reach SMS") == true)
    #expect(found[1]?.message.hasSuffix("use 'social' to reach Organic Social") == true)
    #expect(found[2]?.suggestion == "https://s.example/c?utm_source=acme&utm_medium=sms&utm_campaign=may")
    #expect(found[3]?.suggestion == "https://s.example/d?utm_source=acme&utm_medium=sms&utm_campaign=may")
  }

  /// A runner keeps its verdicts for every document it checks, from every task: documents
  /// checked by one runner from many tasks at once get what each gets from a runner of its own,
  /// past the table's capacity too.
  @Test func oneRunnerSharedByTasksGivesEachDocumentItsOwnVerdicts() async {
    let policy = JudgementPolicy()
    let mediums = ["text", "newsletter", "email", "sms", "push", "e-blast", "social"]
    let documents = (0..<(MemoTable<UnmappedMediumRule.Tags, UnmappedMediumRule.Verdict>.capacity + 200)).map { number in
      [Channel.email, .sms, .chat].map { channel in
        LinkJudge(policy: policy).judge(
          Link(
            url: "https://s.example/?utm_source=acme\(number % 300)&utm_medium=\(mediums[number % mediums.count])&utm_campaign=c\(number)",
            location: SourceLocation(file: "t", line: 1, column: 1), text: nil, element: "a", channel: channel))
      }
    }
    func messages(_ runner: RuleRunner, _ links: [JudgedLink]) -> [String?] {
      let context = RuleContext(configuration: .default, policy: policy, links: links, documentName: "t.txt")
      return runner.findings(for: links, in: context).map { $0.first { $0.rule == "unmapped-medium" }?.message }
    }
    let alone = documents.map { messages(RuleRunner(), $0) }
    let shared = RuleRunner()
    let together = await withTaskGroup(of: (Int, [String?]).self) { group in
      for (index, links) in documents.enumerated() { group.addTask { (index, messages(shared, links)) } }
      var found = [[String?]](repeating: [], count: documents.count)
      for await (index, messages) in group { found[index] = messages }
      return found
    }
    #expect(together == alone)
    #expect(alone.joined().contains { $0 != nil })
  }

  @Test func namesTheChannelItLandsInAndTheMediumThatMaps() {
    let found = finding("https://s.example/?utm_source=acme&utm_medium=newsletter&utm_campaign=may")
    #expect(
      found?.message
        == "'utm_medium=newsletter' lands in Unassigned in GA4's default channel group; use 'email' to reach Email")
    #expect(found?.suggestion == "https://s.example/?utm_source=acme&utm_medium=email&utm_campaign=may")
  }

  @Test func suggestsTheMediumOfTheMessagesChannel() {
    let url = "https://s.example/?utm_source=acme&utm_medium=text&utm_campaign=may"
    #expect(finding(url, in: .sms)?.message == "'utm_medium=text' lands in Unassigned in GA4's default channel group; use 'sms' to reach SMS")
    #expect(finding(url, in: .chat)?.message.hasSuffix("use 'social' to reach Organic Social") == true)
    #expect(finding(url, in: .web)?.message.hasSuffix("use 'referral' to reach Referral") == true)
  }

  @Test func hedgesValuesThatOnlyContainEmail() {
    let found = finding("https://s.example/?utm_source=acme&utm_medium=email-newsletter&utm_campaign=may")
    #expect(found?.message.hasPrefix("'utm_medium=email-newsletter' may land in Unassigned") == true)
  }

  /// §4: in an SMS, `sms_push` and `sms-mobile` are push notifications; elsewhere a push medium
  /// is someone else's campaign and is not judged.
  @Test(arguments: ["sms_push", "sms-mobile", "text-notification", "push"])
  func pushMediumsInAnSMS(_ medium: String) {
    let url = "https://s.example/?utm_source=acme&utm_medium=\(medium)&utm_campaign=may"
    #expect(
      finding(url, in: .sms)?.message
        == "'utm_medium=\(medium)' lands in Mobile Push Notifications in GA4's default channel group; use 'sms' to reach SMS")
    #expect(finding(url, in: .web) == nil)
  }

  @Test func aSocialSourceBeatsTheSMSMedium() {
    let found = finding("https://s.example/?utm_source=whatsapp&utm_medium=sms&utm_campaign=may", in: .sms)
    #expect(found?.message.hasPrefix("'utm_source=whatsapp' sends this link to Organic Social, not SMS") == true)
    // In a chat the same tags are where a WhatsApp share belongs.
    #expect(finding("https://s.example/?utm_source=whatsapp&utm_medium=sms&utm_campaign=may", in: .chat) == nil)
  }

  @Test func aShopCampaignBeatsTheEmailMedium() {
    let found = finding("https://s.example/?utm_source=whatsapp&utm_medium=email&utm_campaign=Holiday-Shopping")
    #expect(
      found?.message
        == "'utm_campaign=Holiday-Shopping' sends this link to Organic Shopping, not Email, in GA4's default channel group: a campaign name containing 'shop' wins over the medium; rename the campaign"
    )
  }

  @Test func aWebmailSourceIsASearchSite() {
    let found = finding("https://s.example/?utm_source=mail.google.com&utm_medium=email&utm_campaign=may")
    #expect(found?.message.hasPrefix("'utm_source=mail.google.com' sends this link to Organic Search, not Email") == true)
  }

  @Test(arguments: [
    "https://s.example/?utm_source=acme&utm_medium=EMAIL&utm_campaign=may",  // case ignored (§3)
    "https://s.example/?utm_source=acme&utm_medium=e%20mail&utm_campaign=may",
    "https://s.example/?utm_source=email&utm_medium=newsletter&utm_campaign=may",  // source half of Email
    "https://s.example/?utm_source=acme&utm_medium={{ medium }}&utm_campaign=may",  // placeholder
    "https://s.example/?utm_source=acme&utm_medium=&utm_campaign=may",  // empty: another rule's job
    "https://s.example/?utm_source=acme&utm_campaign=may",  // missing: another rule's job
    "https://s.example/?utm_source=acme?utm_medium=newsletter&utm_campaign=may",  // malformed
    "https://s.example/?UTM_MEDIUM=newsletter&utm_source=acme&utm_campaign=may",  // miscased key
    "https://s.example/?utm_source=acme&utm_medium=banner&utm_campaign=may",  // a deliberate sponsor slot
  ])
  func passes(_ url: String) {
    #expect(finding(url) == nil)
  }
}
