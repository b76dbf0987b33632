// swift-tools-version:5.4
import PackageDescription

/// libFuzzer harnesses for darkshare, one executable a harness, kept out of the main package so
/// its build stays light. Build them with
/// `swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing`
/// (or run `Scripts/fuzz.sh`); see FUZZING.md. `-enable-testing` lets a harness reach a reader's
/// internal decoders with `@testable import` (FuzzOutlookDecoders).
///
/// The tools version stays below 5.5 on purpose: from 5.5 on, SwiftPM links an executable with
/// `main` aliased to `<Module>_main` (so tests can import executables), a symbol never emitted
/// under `-parse-as-library`, and the link fails; libFuzzer must supply `main` itself.
let kit = Target.Dependency.product(name: "DarkshareKit", package: "darkshare")
let core = Target.Dependency.product(name: "DarkshareCore", package: "darkshare")
let markup = Target.Dependency.product(name: "DarkshareMarkup", package: "darkshare")
let judgement = Target.Dependency.product(name: "DarkshareJudgement", package: "darkshare")
let readers = Target.Dependency.product(name: "DarkshareReaders", package: "darkshare")

let harnesses: [(name: String, dependencies: [Target.Dependency])] = [
  ("FuzzHTML", [kit, markup]),
  ("FuzzHTMLParts", [markup]),
  ("FuzzEML", [kit]),
  ("FuzzEMLParts", [core, readers]),
  ("FuzzMbox", [kit]),
  ("FuzzSMSBackup", [kit]),
  ("FuzzWhatsApp", [kit]),
  ("FuzzTelegram", [kit]),
  ("FuzzCSV", [kit]),
  ("FuzzPlainText", [kit]),
  ("FuzzZip", [kit]),
  ("FuzzGzip", [kit]),
  ("FuzzOutlookMessage", [kit]),
  ("FuzzOutlookMessageParts", [core, readers]),
  ("FuzzOutlookDecoders", [core, readers]),
  ("FuzzSignal", [kit]),
  ("FuzzMessenger", [kit]),
  ("FuzzUnwrappers", [core, judgement]),
  ("FuzzQuery", [core, judgement]),
]

let package = Package(
  name: "DarkshareFuzz",
  dependencies: [.package(name: "darkshare", path: "..")],
  targets: harnesses.map { .executableTarget(name: $0.name, dependencies: $0.dependencies, path: "Sources/\($0.name)") }
)
