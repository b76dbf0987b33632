@testable import DarkshareReporters
import Testing

/// GitHub Actions workflow-command escaping: a hostile value cannot end a command or start one.
@Suite struct GitHubEscapingTests {
  @Test(arguments: [
    ("100% sure", "100%25 sure", "100%25 sure"),
    ("line\r\nbreak", "line%0D%0Abreak", "line%0D%0Abreak"),
    ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
    ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
  ])
  func githubEscapesCommandData(value: String, data: String, property: String) {
    #expect(GitHubReporter.escapeData(value) == data)
    #expect(GitHubReporter.escapeProperty(value) == property)
  }

  @Test func githubCommandCannotBeSplitByAHostileFileName() {
    let line = GitHubReporter.command(
      "error", properties: [("file", "x.html,line=1\n::warning::owned"), ("title", "r")], message: "m\n::notice::n")
    #expect(line == "::error file=x.html%2Cline=1%0A%3A%3Awarning%3A%3Aowned,title=r::m%0A::notice::n\n")
    #expect(line.dropLast().contains("\n") == false)
  }

  @Test func githubCommandShowsTerminalAndBidiControls() {
    let line = GitHubReporter.command(
      "warning", properties: [("file", "in\u{202E}lmth.html"), ("title", "r")], message: "'https://x.example/\u{1B}[2J\u{7}'\nsuggested: x")
    #expect(line == #"::warning file=in\u{202E}lmth.html,title=r::'https://x.example/\u{1B}[2J\u{7}'%0Asuggested: x"# + "\n")
  }
}
