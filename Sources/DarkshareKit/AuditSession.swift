import DarkshareCore

/// One input and the auditor (configuration) that applies to it.
public struct AuditJob: Sendable {
  public var input: ResolvedInput
  public var auditor: Auditor

  public init(input: ResolvedInput, auditor: Auditor) {
    self.input = input
    self.auditor = auditor
  }
}

/// Audits many inputs on all cores and hands the results over in input order.
///
/// At most `jobs` inputs are in flight at once, so memory stays bounded by the largest few
/// inputs, whatever their number; results arrive in the order the inputs were given, so
/// output is deterministic.
public struct AuditSession: Sendable {
  public var jobs: Int
  /// Follows shortener and opaque redirects (`--resolve`), when set.
  public var resolver: RedirectResolver?

  public init(jobs: Int, resolver: RedirectResolver? = nil) {
    self.jobs = max(1, jobs)
    self.resolver = resolver
  }

  /// Audits `inputs`, calling `deliver` with each result in input order.
  public func run(_ inputs: [AuditJob], deliver: (FileResult) -> Void) async {
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
          let job = inputs[index]
          let resolver = self.resolver
          group.addTask { (index, await job.auditor.audit(job.input, resolver: resolver)) }
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
