/// A request that cannot be run as asked (an unknown `--input-format`, an `--output` that would
/// overwrite an input): nothing has been read or written, and the run exits 2.
public struct UsageError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
