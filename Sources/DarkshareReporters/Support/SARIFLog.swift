/// The part of SARIF 2.1.0 darkshare writes, as `Encodable` models.
///
/// Property names follow the OASIS schema (`sarif-schema-2.1.0.json`); optional values are
/// left out of the JSON when nil. `SARIFSchemaTests` validates the output against the schema.
enum SARIF {
  static let version = "2.1.0"
  static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

  /// The root object (§3.13).
  struct Log: Encodable {
    var schema = SARIF.schema
    var version = SARIF.version
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
      case schema = "$schema"
      case version, runs
    }
  }

  /// One run of one tool (§3.14).
  struct Run: Encodable {
    var tool: Tool
    var invocations: [Invocation]
    var results: [Result]
    /// How `region.startColumn` counts; darkshare counts Unicode scalars.
    var columnKind = "unicodeCodePoints"
  }

  struct Tool: Encodable {
    var driver: ToolComponent
  }

  /// The tool and its rules (§3.19).
  struct ToolComponent: Encodable {
    var name: String
    var version: String
    var semanticVersion: String
    var rules: [ReportingDescriptor]
  }

  /// One rule's metadata (§3.49).
  struct ReportingDescriptor: Encodable {
    var id: String
    var name: String
    var shortDescription: MultiformatMessage
    var fullDescription: MultiformatMessage
    var defaultConfiguration: Configuration
    var help: MultiformatMessage
  }

  struct Configuration: Encodable {
    var level: Level
  }

  /// `error`, `warning` or `note` (§3.27.10); darkshare's `info` is SARIF's `note`.
  enum Level: String, Encodable {
    case error, warning, note
  }

  struct MultiformatMessage: Encodable {
    var text: String
  }

  struct Message: Encodable {
    var text: String
  }

  /// How the run went (§3.20): unreadable inputs are notifications and make it unsuccessful.
  struct Invocation: Encodable {
    var executionSuccessful: Bool
    var toolExecutionNotifications: [Notification]
  }

  struct Notification: Encodable {
    var level: Level
    var message: Message
    var locations: [Location]
  }

  /// One finding (§3.27).
  struct Result: Encodable {
    var ruleId: String
    var ruleIndex: Int?
    var level: Level
    var message: Message
    var locations: [Location]
    var properties: ResultProperties
    var fixes: [Fix]?
  }

  /// A proposed change: replace the link's URL with the suggested one.
  struct Fix: Encodable {
    var description: Message
    var artifactChanges: [ArtifactChange]
  }

  struct ArtifactChange: Encodable {
    var artifactLocation: ArtifactLocation
    var replacements: [Replacement]
  }

  struct Replacement: Encodable {
    var deletedRegion: Region
    var insertedContent: ArtifactContent
  }

  struct ArtifactContent: Encodable {
    var text: String
  }

  /// darkshare's facts about the link a result is about, in the result's property bag.
  struct ResultProperties: Encodable {
    var status: String
    var url: String
    var destination: String?
    var suggestion: String?
  }

  struct Location: Encodable {
    var physicalLocation: PhysicalLocation
  }

  struct PhysicalLocation: Encodable {
    var artifactLocation: ArtifactLocation
    var region: Region?
  }

  struct ArtifactLocation: Encodable {
    var uri: String
  }

  /// 1-based lines, and 1-based columns in Unicode scalars (see ``Run/columnKind``); the end
  /// column is exclusive.
  struct Region: Encodable {
    var startLine: Int
    var startColumn: Int
    var endLine: Int?
    var endColumn: Int?
  }
}
