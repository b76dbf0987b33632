import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// `.darkshare.yml`: every key read, every error named with its key path and line, discovery.
@Suite struct ConfigurationTests {
  private func parse(_ yaml: String) throws(ConfigurationError) -> Configuration {
    try ConfigurationLoader.parse(yaml, file: "test.yml")
  }

  private func error(_ yaml: String) -> ConfigurationError? {
    do {
      _ = try parse(yaml)
      return nil
    } catch {
      return error
    }
  }

  @Test func readsEveryKey() throws {
    let configuration = try parse(
      """
      version: 1
      required-parameters: [utm_source, utm_campaign]
      own-domains: [shop.example, "*.shop.example"]
      other-domains: report
      ignore: ["https://status.example/*", "re:^https://x\\\\.example/"]
      redirect-hosts: [go.shop.example]
      rules:
        insecure-link: error
        template-url: off
        pii-in-url: false
      conventions:
        lowercase: true
        allowed-values: {utm_medium: [email, sms]}
        patterns: {utm_campaign: "[a-z-]+"}
      channels:
        email: {utm_medium: email}
        sms: {utm_medium: sms}
      fix: {utm_source: newsletter, utm_campaign: "{stem}"}
      """)
    #expect(configuration.requiredParameters == ["utm_source", "utm_campaign"])
    #expect(configuration.ownDomains == ["shop.example", "*.shop.example"])
    #expect(configuration.otherDomains == .report)
    #expect(configuration.ignore == ["https://status.example/*", "re:^https://x\\.example/"])
    #expect(configuration.redirectHosts == ["go.shop.example"])
    #expect(configuration.rules == ["insecure-link": .severity(.error), "template-url": .off, "pii-in-url": .off])
    #expect(configuration.conventions.lowercase)
    #expect(configuration.conventions.allowedValues == ["utm_medium": ["email", "sms"]])
    #expect(configuration.conventions.patterns == ["utm_campaign": "[a-z-]+"])
    #expect(configuration.channels == [.email: ["utm_medium": "email"], .sms: ["utm_medium": "sms"]])
    #expect(configuration.fixValues == ["utm_source": "newsletter", "utm_campaign": "{stem}"])
  }

  @Test func anEmptyFileIsTheDefault() throws {
    #expect(try parse("") == .default)
    #expect(try parse("# only a comment\n") == .default)
  }

  @Test(arguments: [
    ("colour: red\n", 1, "colour", "unknown key"),
    ("version: 2\n", 1, "version", "must be 1"),
    ("required-parameters: utm_source\n", 1, "required-parameters", "must be a list"),
    ("required-parameters: []\n", 1, "required-parameters", "at least one"),
    ("own-domains: [[a]]\n", 1, "own-domains[0]", "single value"),
    ("other-domains: maybe\n", 1, "other-domains", "must be one of exclude, report"),
    ("ignore:\n  - ok\n  - \"re:[a\"\n", 2, "ignore[1]", "invalid regular expression"),
    ("rules:\n  untaged-link: off\n", 2, "rules.untaged-link", "unknown key"),
    ("rules:\n  insecure-link: loud\n", 2, "rules.insecure-link", "must be off, error, warning or info"),
    ("rules: [a]\n", 1, "rules", "must be a mapping"),
    ("conventions:\n  lowercase: yes please\n", 2, "conventions.lowercase", "true or false"),
    ("conventions:\n  shout: true\n", 2, "conventions.shout", "unknown key"),
    ("conventions:\n  patterns:\n    utm_campaign: \"(\"\n", 3, "conventions.patterns.utm_campaign", "invalid regular expression"),
    ("channels:\n  fax: {utm_medium: fax}\n", 2, "channels.fax", "unknown key"),
    ("fix:\n  utm_source: [a]\n", 2, "fix.utm_source", "single value"),
  ])
  func errorsNameKeyPathAndLine(_ yaml: String, _ line: Int, _ keyPath: String, _ message: String) throws {
    let error = try #require(self.error(yaml))
    #expect(error.line == line)
    #expect(error.keyPath == keyPath)
    #expect(error.message.contains(message), "\(error)")
    #expect(error.description.hasPrefix("test.yml:\(line): \(keyPath): "))
  }

  @Test func invalidYAMLIsAnError() {
    #expect(error("rules: {insecure-link: [\n")?.message.contains("not valid YAML") == true)
  }

  @Test func discoveryFindsTheNearestFileUpward() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-config-\(UUID().uuidString)")
    let nested = root.appendingPathComponent("brand/campaigns/2026")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try Data("version: 1\n".utf8).write(to: root.appendingPathComponent(".darkshare.yml"))
    #expect(ConfigurationLoader.discover(from: nested)?.path == root.appendingPathComponent(".darkshare.yml").path)
    try Data("version: 1\n".utf8).write(to: root.appendingPathComponent("brand/.darkshare.yml"))
    #expect(ConfigurationLoader.discover(from: nested)?.path == root.appendingPathComponent("brand/.darkshare.yml").path)
    // Never above the root given, never from a folder outside it.
    let project = root.appendingPathComponent("brand/campaigns")
    #expect(ConfigurationLoader.discover(from: nested, root: project) == nil)
    #expect(ConfigurationLoader.discover(from: root, root: project) == nil)
    try Data("version: 1\n".utf8).write(to: project.appendingPathComponent(".darkshare.yml"))
    #expect(ConfigurationLoader.discover(from: nested, root: project)?.path == project.appendingPathComponent(".darkshare.yml").path)
  }

  /// `darkshare.example.yml` is what `init` writes, parses, and documents every key.
  @Test func exampleFileIsTheStarterAndNamesEveryKey() throws {
    let example = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("darkshare.example.yml"), encoding: .utf8)
    #expect(example == StarterConfiguration.text)
    #expect(try parse(example) == .default)
    for key in ["version", "required-parameters", "own-domains", "other-domains", "ignore", "redirect-hosts", "rules", "conventions",
      "lowercase", "allowed-values", "patterns", "channels", "fix", "include", "exclude", "allow-empty"]
    {
      #expect(example.contains("\(key):"), "\(key)")
    }
  }
}

/// The configuration changes what the CLI reports: found upward from each input, or --config.
@Suite(.serialized) struct ConfigurationCommandLineTests {
  private func folder(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("darkshare-cfg-\(UUID().uuidString)")
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    return root
  }

  @Test func eachInputUsesItsNearestConfiguration() throws {
    let untagged = #"<a href="https://shop.example/sale">Sale</a>"#
    let root = try folder([
      "a/.darkshare.yml": "rules:\n  untagged-link: off\n",
      "a/mail.html": untagged,
      "b/mail.html": untagged,
    ])
    // Discovery stays inside the project: the folder is the working directory.
    let run = try runDarkshare(["audit", "--format", "json", root.path], in: root)
    #expect(run.exitCode == 1)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    let files = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
    #expect(files.allSatisfy { $0.hasSuffix("b/mail.html") } && !files.isEmpty)
  }

  @Test func fixValuesShapeTheSuggestion() throws {
    let root = try folder([
      "cfg.yml": "fix:\n  utm_source: harbor\n  utm_medium: email\n  utm_campaign: \"{stem}-2026\"\n",
      "spring.html": #"<a href="https://shop.example/sale">Sale</a>"#,
    ])
    let run = try runDarkshare(["audit", "--config", root.appendingPathComponent("cfg.yml").path, root.appendingPathComponent("spring.html").path])
    #expect(run.standardOutput.contains("suggested: https://shop.example/sale?utm_source=harbor&utm_medium=email&utm_campaign=spring-2026"))
  }

  @Test func aBadConfigurationExitsTwoNamingKeyAndLine() throws {
    let root = try folder([".darkshare.yml": "version: 1\nrules:\n  no-such-rule: off\n", "mail.html": "<p>hi</p>"])
    let run = try runDarkshare(["audit", root.appendingPathComponent("mail.html").path], in: root)
    #expect(run.exitCode == 2)
    #expect(run.standardError.contains(".darkshare.yml:3: rules.no-such-rule: unknown key"))
  }

  @Test func initWritesTheStarterOnceUnlessForced() throws {
    let root = try folder(["placeholder": ""])
    let first = try runDarkshare(["init"], in: root)
    #expect(first.exitCode == 0)
    #expect(try String(contentsOf: root.appendingPathComponent(".darkshare.yml"), encoding: .utf8) == StarterConfiguration.text)
    #expect(try runDarkshare(["init"], in: root).exitCode == 2)
    #expect(try runDarkshare(["init", "--force"], in: root).exitCode == 0)
  }
}
