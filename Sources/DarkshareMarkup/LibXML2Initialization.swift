internal import CLibXML2

/// Initialises libxml2's global state once, before any parser runs on any thread.
///
/// libxml2 parsers may run concurrently on separate contexts only after `xmlInitParser()`.
/// Reading this constant performs the initialisation exactly once (Swift globals are lazy and
/// thread-safe).
let libXML2Initialized: Void = {
  xmlInitParser()
}()
