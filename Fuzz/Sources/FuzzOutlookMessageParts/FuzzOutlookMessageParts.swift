import DarkshareCore
import DarkshareReaders

/// Differential: an Outlook `.msg` read in parts (``OutlookMessageReader/parted(_:file:largestHeld:)``,
/// how a `.msg` over 2 MiB is read: the compound file at offsets, the chosen body decoded a
/// chunk at a time into a temporary copy, then read in parts as HTML or text) must give exactly
/// the links, problems and message count of the message read whole.
///
/// The input is the file. Its streams are read a run of consecutive sectors at a time, so a
/// fragmented chain (64-byte mini sectors, or scattered sectors) cuts the decoders' input
/// anywhere. A difference stops the run with both results: a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let reader = OutlookMessageReader()
  var whole: (links: [Link], problem: String?, messages: Int)
  do {
    let read = try reader.read(bytes, file: "fuzz.msg")
    // Counted as a document read whole is: one message, unless a problem left it without links.
    whole = (read.links, read.problem?.message, read.problem == nil || !read.links.isEmpty ? 1 : 0)
  } catch {
    whole = ([], error.message, 0)
  }
  var parted: (links: [Link], problem: String?, messages: Int) = ([], nil, 0)
  do {
    let document = try RereadableDocument(spooling: MemoryByteSource(bytes), limit: Int.max)
    guard let message = try reader.parted(document, file: "fuzz.msg", largestHeld: 1 << 20) else {
      fatalError("a .msg read in parts gave no parts")
    }
    let parts = try message.parts()
    var problems = [String]()
    while let batch = parts.next() {
      parted.links += batch.links
      parted.messages += batch.messages
      if let problem = batch.problem { problems.append(problem.message) }
    }
    parted.problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
  } catch {
    parted = ([], error.message, 0)
  }
  if parted.links != whole.links || parted.problem != whole.problem || parted.messages != whole.messages {
    fatalError("in parts \(parted) but whole \(whole)")
  }
  return 0
}
