import DarkshareTestSupport
import Testing

@testable import DarkshareMarkup

/// An attribute is selected exactly when its name is one of the names asked for, byte for byte.
@Suite struct XMLAttributeSelectionTests {
  @Test func anAttributeIsSelectedWhenItsNameIsOneAskedFor() {
    let asked: Set<String> = ["body", "date", "date_sent", "address", "contact_name", "a", "é"]
    let selection = XMLAttributeSelection.only(asked)
    let names = [
      "body", "Body", "bod", "bodyx", "date", "date_sent", "date_", "readable_date", "address", "a", "b", "é", "e",
      "contact_name", "contact", "protocol", "sub_id",
    ]
    for name in names {
      let included = name.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1, selection.includes) }
      #expect(included == asked.contains(name), "\(name)")
      let selected = name.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1, selection.selectedName) }
      #expect(selected == (asked.contains(name) ? name : nil), "\(name)")
      let any = name.withCString { $0.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1, XMLAttributeSelection.all.selectedName) }
      #expect(any == name)
    }
    #expect("anything".withCString { $0.withMemoryRebound(to: UInt8.self, capacity: 9, XMLAttributeSelection.all.includes) })
    #expect(!"body".withCString { $0.withMemoryRebound(to: UInt8.self, capacity: 5, XMLAttributeSelection.only([]).includes) })
  }
}
