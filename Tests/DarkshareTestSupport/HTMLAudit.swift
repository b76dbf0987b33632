import DarkshareCore
import DarkshareKit

/// Audits an HTML snippet in memory, as the CLI would audit a file holding it.
public func auditHTML(_ html: String, file: String = "example.html") -> FileResult {
  Auditor().audit(bytes: Array(html.utf8), file: file)
}

/// Audits an e-mail message (`.eml` text) in memory, as the CLI would audit a `.eml` file.
public func auditMessage(_ eml: String, file: String = "example.eml") -> FileResult {
  Auditor().audit(bytes: Array(eml.utf8), file: file)
}
