import DarkshareCore
import DarkshareReporters
import DarkshareTestSupport
import Foundation
import Testing

/// The SARIF output against the official OASIS schema, validated by Python's `jsonschema`.
@Suite(.enabled(if: SchemaValidation.referenceIsAvailable, "needs ../shared/reference"))
struct SARIFSchemaTests {
  /// Exit 3 when `jsonschema` is missing; otherwise one line per violation, exit 1 if any.
  static let validator = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        sys.exit(3)
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    log = json.load(open(sys.argv[2], encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        print("/".join(map(str, error.absolute_path)) + ": " + error.message)
    sys.exit(1 if errors else 0)
    """

  @Test(arguments: [ReportOptions.Kind.audit, .links], [true, false])
  func logIsValidSARIF(kind: ReportOptions.Kind, withInputs: Bool) throws {
    let sarif = ReportFixture.render(SARIFReporter.self, kind: kind, results: withInputs ? ReportFixture.results : [])
    let path = try SchemaValidation.temporaryFile(sarif, extension: "sarif")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let schema = Corpus.sharedReference.appendingPathComponent("sarif-schema-2.1.0.json").path
    let run: (status: Int32, output: String)
    do {
      run = try runTool(["python3", "-c", Self.validator, schema, path])
    } catch {
      Issue.record("cannot run python3 (\(error)); install Python 3 and then: pip install jsonschema")
      return
    }
    if run.status == 127 {
      Issue.record("python3 is not installed; install Python 3 and then: pip install jsonschema")
    } else if run.status == 3 {
      Issue.record("the Python module jsonschema is missing; install it with: pip install jsonschema")
    } else {
      #expect(run.status == 0, "SARIF does not match the 2.1.0 schema:\n\(run.output)")
    }
  }

  @Test func resultsPointAtTheirRulesAndErrorsFailTheInvocation() throws {
    let sarif = ReportFixture.render(SARIFReporter.self, kind: .audit)
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "darkshare")
    #expect(driver["version"] as? String == DarkshareVersion.current)
    let rules = try #require(driver["rules"] as? [[String: Any]])
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == ReportFixture.results.flatMap(\.findings).count)
    for result in results {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
    }
    #expect(results.map { $0["level"] as? String } == ["error", "error", "warning", "warning", "error", "note"])
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    #expect((invocation["toolExecutionNotifications"] as? [Any])?.count == 1)
  }
}
