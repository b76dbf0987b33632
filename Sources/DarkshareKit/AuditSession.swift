import DarkshareCore

/// Audits many inputs on all cores and hands the results over in input order.
///
/// At most `jobs` inputs are in flight at once, so memory stays bounded by the largest few
/// inputs, whatever their number; results arrive in the order the inputs were given, so
/// output is deterministic.
public struct AuditSession: Sendable {
  public var auditor: Auditor
  public var jobs: Int

  public init(auditor: Auditor = Auditor(), jobs: Int) {
    self.auditor = auditor
    self.jobs = max(1, jobs)
  }

  /// Audits `inputs`, calling `deliver` with each result in input order.
  public func run(_ inputs: [ResolvedInput], deliver: (FileResult) -> Void) async {
    let auditor = self.auditor
    await withTaskGroup(of: (Int, FileResult).self) { group in
      var next = 0
      var inFlight = 0
      var emitted = 0
      var finished = [Int: FileResult]()
      // Finished results wait here until their turn; the window keeps that wait bounded.
      let window = jobs * 4
      func fill() {
        while inFlight < jobs, next < inputs.count, next - emitted < window {
          let index = next
          let input = inputs[index]
          group.addTask { (index, auditor.audit(input)) }
          next += 1
          inFlight += 1
        }
      }
      fill()
      while let (index, result) = await group.next() {
        inFlight -= 1
        finished[index] = result
        while let ready = finished.removeValue(forKey: emitted) {
          deliver(ready)
          emitted += 1
        }
        fill()
      }
    }
  }
}
