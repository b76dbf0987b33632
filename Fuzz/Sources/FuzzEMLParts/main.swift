import DarkshareCore
import DarkshareReaders

/// Differential: a message read in parts (``EMLReader/parted(_:file:largestHeld:)``, how a
/// message over 2 MiB is read: a line at a time, large text parts decoded into copies) must
/// give exactly the links and problems of the message read whole.
///
/// The first byte of the input is the most bytes of a part held in memory (0 to 254; 255
/// holds every part), the rest is the message. A difference stops the run with both results:
/// a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 1 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
  let largestHeld = data[0] == 255 ? Int.max : Int(data[0])
  let reader = EMLReader()
  let whole: (links: [Link], problem: String?)
  do {
    let read = try reader.read(bytes, file: "fuzz.eml")
    whole = (read.links, read.problem?.message)
  } catch {
    whole = ([], error.message)
  }
  var parted: (links: [Link], problem: String?) = ([], nil)
  do {
    let document = try RereadableDocument(spooling: MemoryByteSource(bytes), limit: Int.max)
    guard let message = try reader.parted(document, file: "fuzz.eml", largestHeld: largestHeld) else {
      fatalError("a message read in parts gave no parts")
    }
    let parts = try message.parts()
    var problems = [String]()
    while let batch = parts.next() {
      parted.links += batch.links
      if let problem = batch.problem { problems.append(problem.message) }
    }
    parted.problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
  } catch {
    parted = ([], error.message)
  }
  if parted.links != whole.links || parted.problem != whole.problem {
    fatalError("holding \(largestHeld): in parts \(parted) but whole \(whole)")
  }
  return 0
}
