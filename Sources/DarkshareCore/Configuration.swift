/// What a team configures in `.darkshare.yml` (SPEC §7), as plain values.
///
/// Reading and validating the YAML is `ConfigurationLoader`'s job (DarkshareKit); the defaults
/// are in `Configuration+Default.swift`.
public struct Configuration: Sendable, Hashable {
  /// What a rule is set to: off, or a severity that replaces its default.
  public enum RuleSetting: Sendable, Hashable {
    case off
    case severity(Severity)
  }

  /// What happens to links whose host is not one of ``ownDomains``.
  public enum OtherDomains: String, Sendable, Hashable, CaseIterable {
    /// They are out of scope: `excluded`, no findings.
    case exclude
    /// They are judged, but every finding on them is reported at `info`.
    case report
  }

  /// Conventions for campaign values (`value-convention`).
  public struct ValueConventions: Sendable, Hashable {
    /// Campaign values must be lower case.
    public var lowercase: Bool
    /// The only values allowed per key (`utm_medium: [email, sms]`).
    public var allowedValues: [String: [String]]
    /// A regular expression each key's value must match in full.
    public var patterns: [String: String]

    public init(lowercase: Bool = false, allowedValues: [String: [String]] = [:], patterns: [String: String] = [:]) {
      self.lowercase = lowercase
      self.allowedValues = allowedValues
      self.patterns = patterns
    }
  }

  /// The campaign parameters every link must carry, exactly cased.
  public var requiredParameters: [String]
  /// Host globs of the sites whose links must be tagged (`shop.example`, `*.shop.example`);
  /// empty means every host.
  public var ownDomains: [String]
  public var otherDomains: OtherDomains
  /// URLs to leave alone: globs (`https://status.example/*`) or regular expressions (`re:…`).
  public var ignore: [String]
  /// Host globs of the sender's own short-link or click-tracking domains (`go.shop.example`):
  /// their destination is unknown offline, like a public shortener's.
  public var redirectHosts: [String]
  /// Per-rule overrides, by rule identifier.
  public var rules: [String: RuleSetting]
  public var conventions: ValueConventions
  /// The parameter values each channel's links must carry (`email: {utm_medium: email}`).
  public var channels: [Channel: [String: String]]
  /// Values `fix` and the suggestions use for missing parameters; `{stem}` is the file name
  /// without extension, `{file}` the file name.
  public var fixValues: [String: String]
  /// Globs of the files a folder walk reads instead of those recognised by extension; empty:
  /// the files darkshare recognises.
  public var include: [String] = []
  /// Globs of the files and folders a folder walk leaves out.
  public var exclude: [String] = []
  /// Whether a folder with nothing to read is fine (otherwise "no inputs found" is an error).
  public var allowEmpty = false

  public init(
    requiredParameters: [String], ownDomains: [String], otherDomains: OtherDomains, ignore: [String],
    redirectHosts: [String] = [], rules: [String: RuleSetting], conventions: ValueConventions, channels: [Channel: [String: String]],
    fixValues: [String: String]
  ) {
    self.requiredParameters = requiredParameters
    self.ownDomains = ownDomains
    self.otherDomains = otherDomains
    self.ignore = ignore
    self.redirectHosts = redirectHosts
    self.rules = rules
    self.conventions = conventions
    self.channels = channels
    self.fixValues = fixValues
  }
}
