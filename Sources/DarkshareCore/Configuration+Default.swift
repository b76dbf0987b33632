extension Configuration {
  /// The configuration without a `.darkshare.yml`: SPEC §2's required parameters, every
  /// domain in scope, every rule at its default severity, no conventions.
  public static let `default` = Configuration(
    requiredParameters: ["utm_source", "utm_medium", "utm_campaign"],
    ownDomains: [],
    otherDomains: .exclude,
    ignore: [],
    rules: [:],
    conventions: ValueConventions(),
    channels: [:],
    fixValues: [:])
}
