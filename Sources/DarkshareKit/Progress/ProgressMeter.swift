import DarkshareReaders
import Foundation

/// How far a run has got: bytes read of the inputs' total, inputs done, links found. Updated
/// from every task of a run; read by ``ProgressDisplay``.
public final class ProgressMeter: @unchecked Sendable {
  /// One moment of the run, as the display shows it.
  public struct Snapshot: Sendable, Equatable {
    public var inputs = 0
    public var inputsDone = 0
    /// The inputs' total size, when every input is a file whose size is known.
    public var totalBytes: Int?
    public var bytesRead = 0
    public var links = 0
  }

  private let lock = NSLock()
  private var snapshot = Snapshot()

  public init() {}

  /// Starts the run over `inputs`, whose sizes add up to `totalBytes` (nil when unknown).
  func begin(inputs: Int, totalBytes: Int?) {
    lock.withLock {
      snapshot.inputs = inputs
      snapshot.totalBytes = totalBytes
    }
  }

  /// `count` more bytes of an input were read.
  func read(_ count: Int) {
    lock.withLock { snapshot.bytesRead += count }
  }

  /// An input of `size` bytes is done: those not counted while it was read (a zip is read at
  /// offsets; an input may fail early) are counted now.
  func finish(size: Int, counted: Int) {
    lock.withLock {
      snapshot.inputsDone += 1
      snapshot.bytesRead += max(0, size - counted)
    }
  }

  /// Links found in a part of an input still being read.
  func found(links: Int) {
    lock.withLock { snapshot.links += links }
  }

  public var current: Snapshot { lock.withLock { snapshot } }
}

/// A source that tells a ``ProgressMeter`` how many of the input file's bytes pass through it.
///
/// A zip entry's bytes come out inflated: each is counted as `scale` of a byte (the entry's
/// compressed size over its expanded size), so the share shown follows the file.
final class CountingByteSource: ByteSource {
  /// The bytes counted for one input, over all its counting sources.
  final class Tally {
    var count = 0
  }

  private let source: any ByteSource
  private let meter: ProgressMeter
  private let tally: Tally
  private let scale: Double
  private var fraction = 0.0

  init(_ source: any ByteSource, meter: ProgressMeter, tally: Tally, scale: Double = 1) {
    self.source = source
    self.meter = meter
    self.tally = tally
    self.scale = scale
  }

  func read(upTo count: Int) throws(ReaderError) -> [UInt8] {
    let bytes = try source.read(upTo: count)
    fraction += Double(bytes.count) * scale
    let whole = Int(fraction)
    fraction -= Double(whole)
    tally.count += whole
    meter.read(whole)
    return bytes
  }
}
