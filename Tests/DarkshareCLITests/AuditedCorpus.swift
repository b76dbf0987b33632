import DarkshareTestSupport
import Foundation
import Testing

/// `inputs` written into a fresh audit database by `darkshare links --format sqlite`, with the
/// link records of the ndjson of the same inputs: the independent count the database and the
/// report are checked against.
func auditedIntoDatabase(_ inputs: [String] = ["corpora"]) throws -> (database: URL, records: [[String: Any]]) {
  let database = try makeTemporaryDirectory().appendingPathComponent("audit.db")
  let written = try runDarkshare(["links", "--format", "sqlite", "--output", database.path, "--quiet"] + inputs)
  #expect(written.exitCode == 0, "\(written.standardError)")
  let ndjson = try runDarkshare(["links", "--format", "ndjson", "--quiet"] + inputs)
  let records = ndjson.standardOutput.split(separator: "\n").compactMap {
    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
  }.filter { $0["url"] != nil }
  return (database, records)
}
