import DarkshareCore

/// The numbers and rows of the HTML report (`darkshare report audit.db`, `audit --format html`).
///
/// Every value is computed by SQL over the audit database the run wrote (issue 16: "never by a
/// second counting method"); the renderer only lays them out. The *dark-share rate* is the share
/// of judged outbound links that would arrive untraceable: `(dark + at-risk) / (links − excluded)`
/// — `at-risk` links count because their only attribution is stripped in exactly the dark
/// channels (SPEC §1).
public struct InsightsModel: Sendable, Equatable {
  /// Links counted by status, with the dark-share rate derived from them.
  public struct StatusCounts: Sendable, Equatable {
    public var tracked = 0
    public var partial = 0
    public var dark = 0
    public var atRisk = 0
    public var unknown = 0
    public var excluded = 0

    public init() {}

    public init(tracked: Int, partial: Int, dark: Int, atRisk: Int, unknown: Int, excluded: Int) {
      self.tracked = tracked
      self.partial = partial
      self.dark = dark
      self.atRisk = atRisk
      self.unknown = unknown
      self.excluded = excluded
    }

    /// Every link, whatever its status.
    public var links: Int { tracked + partial + dark + atRisk + unknown + excluded }
    /// The outbound links darkshare judged: all but `excluded`.
    public var judged: Int { links - excluded }
    /// The links that would arrive untraceable when shared: `dark` and `at-risk`.
    public var untraceable: Int { dark + atRisk }
    /// `untraceable / judged`, or `nil` when nothing was judged.
    public var darkShareRate: Double? { judged == 0 ? nil : Double(untraceable) / Double(judged) }

    /// The count of one status.
    public subscript(status: LinkStatus) -> Int {
      switch status {
      case .tracked: tracked
      case .partial: partial
      case .dark: dark
      case .atRisk: atRisk
      case .unknown: unknown
      case .excluded: excluded
      }
    }
  }

  /// One row of a breakdown table or chart: a month, a sender, a campaign, a channel, a host.
  public struct Group: Sendable, Equatable {
    /// The group's name as shown (`2024-05`, `news@brand.example`, `spring-sale`, `email`).
    public var key: String
    public var counts: StatusCounts

    public init(key: String, counts: StatusCounts) {
      self.key = key
      self.counts = counts
    }
  }

  /// A value counted over links: an untagged destination, a wrapper, a leaking parameter.
  public struct Tally: Sendable, Equatable {
    public var value: String
    public var links: Int
    /// In how many messages (or files, for inputs without messages) it appears.
    public var messages: Int

    public init(value: String, links: Int, messages: Int) {
      self.value = value
      self.links = links
      self.messages = messages
    }
  }

  /// One finding shown under a message or newsletter.
  public struct FindingRow: Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    public var explanation: String
    public var suggestion: String?

    public init(rule: String, severity: Severity, explanation: String, suggestion: String?) {
      self.rule = rule
      self.severity = severity
      self.explanation = explanation
      self.suggestion = suggestion
    }
  }

  /// One link of a message or newsletter, numbered in document order (the badge number).
  public struct LinkRow: Sendable, Equatable {
    /// 1-based number within its message, shown on the badge in the newsletter view.
    public var number: Int
    public var line: Int
    public var column: Int
    public var url: String
    public var destination: String?
    public var text: String?
    public var status: LinkStatus
    public var findings: [FindingRow]

    public init(
      number: Int, line: Int, column: Int, url: String, destination: String?, text: String?,
      status: LinkStatus, findings: [FindingRow]
    ) {
      self.number = number
      self.line = line
      self.column = column
      self.url = url
      self.destination = destination
      self.text = text
      self.status = status
      self.findings = findings
    }
  }

  /// A message (or a whole input without messages) with its links: the worst messages list, and
  /// for HTML inputs the newsletter view.
  public struct MessageRow: Sendable, Equatable {
    /// The input as reported (`corpora/html/x.html`, `archive.mbox`).
    public var file: String
    /// The message's 1-based index in its input, `nil` for a single-document input.
    public var index: Int?
    public var subject: String?
    public var from: String?
    public var date: String?
    public var channel: Channel
    public var counts: StatusCounts
    public var links: [LinkRow]
    /// The decoded HTML of a newsletter input, for the sandboxed view; `nil` otherwise.
    public var html: String?

    public init(
      file: String, index: Int?, subject: String?, from: String?, date: String?, channel: Channel,
      counts: StatusCounts, links: [LinkRow], html: String?
    ) {
      self.file = file
      self.index = index
      self.subject = subject
      self.from = from
      self.date = date
      self.channel = channel
      self.counts = counts
      self.links = links
      self.html = html
    }
  }

  /// When the data was written and by which darkshare (shown in the report's header).
  public var generatedBy: String
  public var inputs: Int
  public var messages: Int
  /// Inputs that could not be read, with their error.
  public var errors: [Tally]
  public var totals: StatusCounts
  public var byMonth: [Group]
  public var bySender: [Group]
  public var byCampaign: [Group]
  public var byChannel: [Group]
  public var byDestinationHost: [Group]
  /// The destinations (host + path, without query) most often linked with no attribution.
  public var topUntaggedDestinations: [Tally]
  /// Redirect wrappers and shorteners seen (the `via` of links).
  public var wrappers: [Tally]
  /// Click ids and recipient ids found in links (`gclid`, `mc_eid`, `_hsenc`, …), by key.
  public var leakingIdentifiers: [Tally]
  /// The messages with the most untraceable links, worst first, with their links and findings.
  public var worstMessages: [MessageRow]
  /// The HTML newsletters, each shown rendered with its links marked.
  public var newsletters: [MessageRow]

  public init(
    generatedBy: String, inputs: Int, messages: Int, errors: [Tally], totals: StatusCounts,
    byMonth: [Group], bySender: [Group], byCampaign: [Group], byChannel: [Group],
    byDestinationHost: [Group], topUntaggedDestinations: [Tally], wrappers: [Tally],
    leakingIdentifiers: [Tally], worstMessages: [MessageRow], newsletters: [MessageRow]
  ) {
    self.generatedBy = generatedBy
    self.inputs = inputs
    self.messages = messages
    self.errors = errors
    self.totals = totals
    self.byMonth = byMonth
    self.bySender = bySender
    self.byCampaign = byCampaign
    self.byChannel = byChannel
    self.byDestinationHost = byDestinationHost
    self.topUntaggedDestinations = topUntaggedDestinations
    self.wrappers = wrappers
    self.leakingIdentifiers = leakingIdentifiers
    self.worstMessages = worstMessages
    self.newsletters = newsletters
  }
}
