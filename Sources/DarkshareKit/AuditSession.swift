import DarkshareCore
import DarkshareReaders

/// One input, the auditor (configuration) that applies to it, and the format it is read as
/// when one was named.
public struct AuditJob: Sendable {
  public var input: ResolvedInput
  public var auditor: Auditor
  /// For an input a walk chose only by sniffing (``ResolvedInputs/tentative``): where to note
  /// it when it turns out not to be a format darkshare reads, instead of failing the run.
  public var passOver: PassOverLog?
  /// The ``InputReader/format`` to read the input as (`--input-format`); nil sniffs it.
  public var format: String?

  public init(input: ResolvedInput, auditor: Auditor, format: String? = nil, passOver: PassOverLog? = nil) {
    self.input = input
    self.auditor = auditor
    self.format = format
    self.passOver = passOver
  }
}

/// Audits many inputs on all cores and hands the results over in input order.
///
/// At most `jobs` reads are in flight at once. Each read takes a few parts of one input; the
/// input whose turn it is to be reported is read on as soon as its parts are delivered, while an
/// input further on waits (keeping the few parts it has read) until its turn comes, and no new
/// input starts while ``waitingPartsLimit`` parts wait. So memory is bounded by a few dozen
/// parts, whatever the inputs' number and size, and output is deterministic.
public struct AuditSession: Sendable {
  public var jobs: Int
  /// Follows shortener and opaque redirects (`--resolve`), when set.
  public var resolver: RedirectResolver?
  /// Told how far the run has got, when it shows progress.
  public var meter: ProgressMeter?
  /// How many parts one read takes before handing them over.
  static let partsPerRead = 4
  /// How many parts of inputs further on may wait for their turn; no further input is started
  /// while more wait (many small inputs wait a part each; a large archive stops others early).
  static let waitingPartsLimit = 8

  public init(jobs: Int, resolver: RedirectResolver? = nil, meter: ProgressMeter? = nil) {
    self.jobs = max(1, jobs)
    self.resolver = resolver
    self.meter = meter
  }

  /// Parts read from one input, and whether the input is done.
  private struct Read: Sendable {
    var index: Int
    var audit: InputAudit
    var parts: [FileResult]
    var isDone: Bool
  }

  /// Audits `inputs`, calling `deliver` with each result in input order.
  public func run(_ inputs: [AuditJob], deliver: (FileResult) -> Void) async {
    if let meter {
      let sizes = inputs.map(\.input.size)
      meter.begin(inputs: inputs.count, totalBytes: sizes.contains(nil) ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) })
    }
    await withTaskGroup(of: Read.self) { group in
      var started = 0
      var inFlight = 0
      var emitting = 0
      var waiting = [Int: Read]()
      var waitingParts = 0
      // Inputs started ahead of the one being reported; the window keeps their waiting bounded.
      let window = jobs * 4
      func read(_ index: Int, _ audit: InputAudit) {
        inFlight += 1
        group.addTask {
          var parts = [FileResult]()
          while parts.count < Self.partsPerRead {
            // An input (a zip) may hold several documents: it is done only when it says so.
            guard let part = await audit.next() else {
              return Read(index: index, audit: audit, parts: parts, isDone: true)
            }
            parts.append(part)
          }
          return Read(index: index, audit: audit, parts: parts, isDone: false)
        }
      }
      func fill() {
        while inFlight < jobs, started < inputs.count, started - emitting < window, waitingParts < Self.waitingPartsLimit {
          let job = inputs[started]
          let format = job.format.flatMap(BuiltInReaders.reader(named:))
          read(started, job.auditor.parts(of: job.input, format: format, resolver: resolver, meter: meter, passOver: job.passOver))
          started += 1
        }
      }
      /// Delivers what `done` read for the input being reported, and moves on while inputs are complete.
      func emit(_ done: Read) {
        var current = done
        while true {
          current.parts.forEach(deliver)
          guard current.isDone else { return read(current.index, current.audit) }
          emitting += 1
          guard let next = waiting.removeValue(forKey: emitting) else { return }
          waitingParts -= next.parts.count
          current = next
        }
      }
      fill()
      while let done = await group.next() {
        inFlight -= 1
        if done.index == emitting {
          emit(done)
        } else {
          waiting[done.index] = done
          waitingParts += done.parts.count
        }
        fill()
      }
    }
  }
}
