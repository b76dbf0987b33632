import DarkshareCore
import DarkshareKit
import DarkshareTestSupport
import Foundation
import Testing

/// ColorlibHQ's MJML sources (`html-colorlib/mjml-src/N.mjml`) beside the HTML MJML compiled
/// from them (`html-colorlib/N/index.html`): reading the source finds the links the compiled
/// e-mail holds, in the same order and with the same text.
///
/// The comparison is exact, because these templates use nothing MJML changes links for: no named
/// `mj-social-element` (MJML turns `name="facebook"` into a share URL wrapping the `href`), no
/// social element with text (MJML adds a second `<a>` for the text), no `mj-navbar` `base-url`
/// (put before each link) and no `mj-carousel` (whose `#` thumbnail anchors MJML adds). The test
/// checks that this still holds, so a new pair using them fails here rather than passing by luck.
@Suite(.enabled(if: RealWorld.isAvailable, "needs ../shared/realworld"))
struct RealWorldMJMLTests {
  private static let folder = "html-colorlib"

  private func audit(_ file: String) throws -> FileResult {
    let bytes = try Array(Data(contentsOf: RealWorld.directory.appendingPathComponent(file)))
    return Auditor().audit(bytes: bytes, file: file)
  }

  /// Source/output pairs: `mjml-src/N.mjml` and `N/index.html`.
  private var pairs: [(source: String, compiled: String)] {
    RealWorld.files(withExtensions: ["mjml"]).compactMap { source in
      guard source.hasPrefix(Self.folder + "/mjml-src/"), !source.contains("/partials/") else { return nil }
      let number = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
      let compiled = "\(Self.folder)/\(number)/index.html"
      guard FileManager.default.fileExists(atPath: RealWorld.directory.appendingPathComponent(compiled).path) else { return nil }
      return (source, compiled)
    }
  }

  @Test func sourceAndCompiledOutputHoldTheSameLinks() throws {
    let pairs = self.pairs
    #expect(pairs.count >= 28)
    var components = Set<String>()
    var total = 0
    for (source, compiled) in pairs {
      let mjml = try audit(source)
      let html = try audit(compiled)
      #expect(mjml.error == nil, "\(source): \(mjml.error ?? "")")
      let sourceText = String(decoding: try Data(contentsOf: RealWorld.directory.appendingPathComponent(source)), as: UTF8.self)
      // Nothing here that MJML rewrites (see the suite's comment).
      #expect(!sourceText.contains("mj-navbar") && !sourceText.contains("mj-carousel"), "\(source)")
      #expect(!sourceText.contains("<mj-social-element name="), "\(source)")
      let found = mjml.links.map { [$0.link.url, $0.link.text ?? ""] }
      let expected = html.links.map { [$0.link.url, $0.link.text ?? ""] }
      #expect(found == expected, "\(source) against \(compiled)")
      components.formUnion(mjml.links.map(\.link.element))
      total += found.count
    }
    // Links come from MJML components and from the HTML inside mj-text alike.
    #expect(components.isSuperset(of: ["mj-button", "mj-image", "mj-social-element", "a"]))
    #expect(total > 300)
  }

  @Test func everyPositionPointsAtTheURLInTheSource() throws {
    for (source, _) in pairs {
      let lines = String(decoding: try Data(contentsOf: RealWorld.directory.appendingPathComponent(source)), as: UTF8.self)
        .split(separator: "\n", omittingEmptySubsequences: false)
      for link in try audit(source).links {
        let line = Array(lines[link.link.location.line - 1].unicodeScalars)
        let rest = String(String.UnicodeScalarView(line[(link.link.location.column - 1)...]))
        #expect(rest.hasPrefix(link.link.url), "\(source):\(link.link.location.line):\(link.link.location.column)")
      }
    }
  }

  @Test func thePartialIsReadWithoutError() throws {
    #expect(try audit(Self.folder + "/mjml-src/partials/base.mjml").error == nil)
  }
}
