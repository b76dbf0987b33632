import DarkshareReaders
import Testing

/// Inputs the libFuzzer harnesses in Fuzz/ found to crash darkshare, reduced to their cause
/// (see FUZZING.md); each must now be read without a trap.
@Suite struct FuzzFindingTests {
  /// FuzzPlainText and FuzzWhatsApp: `mailto:` followed only by punctuation that the URL end
  /// trims (`mailto:!`) made the address range run backwards, a "Range requires lowerBound <=
  /// upperBound" trap, for any text, chat or SMS message holding it.
  @Test(arguments: ["mailto:!", "mailto:! 🎆 https://", "see mailto:. now", "mailto:)", "(mailto:!)"])
  func aMailtoWithOnlyTrimmedPunctuationIsNoLink(_ text: String) {
    #expect(PlainTextLinkDetector.links(in: text).allSatisfy { !$0.url.hasPrefix("mailto:") })
  }

  /// The address after the punctuation case still links.
  @Test func aMailtoAddressStillLinks() {
    #expect(PlainTextLinkDetector.links(in: "write to mailto:jane@shop.example!").map(\.url) == ["mailto:jane@shop.example"])
  }
}
