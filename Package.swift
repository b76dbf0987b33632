// swift-tools-version: 6.1
import PackageDescription

/// The pipeline, one module a stage: markup (libxml2) → readers → judgement → rules → reporters,
/// tied together by DarkshareKit and driven by the thin `darkshare` executable.
let package = Package(
  name: "darkshare",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "darkshare", targets: ["darkshare"]),
    .library(name: "DarkshareKit", targets: ["DarkshareKit"]),
    // The stages below are products only so the fuzz harnesses in Fuzz/ (a package of its own)
    // can call the HTML scanner, the readers and the judge directly.
    .library(name: "DarkshareCore", targets: ["DarkshareCore"]),
    .library(name: "DarkshareMarkup", targets: ["DarkshareMarkup"]),
    .library(name: "DarkshareReaders", targets: ["DarkshareReaders"]),
    .library(name: "DarkshareJudgement", targets: ["DarkshareJudgement"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    // libcurl, loaded with dlopen by `--resolve` only: no link-time libcurl.
    .target(name: "CCurlLoader", linkerSettings: [.linkedLibrary("dl")]),
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),
    .target(name: "DarkshareSQLite", dependencies: ["CSQLite"]),
    .target(name: "DarkshareMarkup", dependencies: ["CLibXML2", "DarkshareCore"]),
    .target(name: "DarkshareCore"),
    .target(name: "DarkshareReaders", dependencies: ["DarkshareCore", "DarkshareMarkup", "DarkshareSQLite", "CZlib"]),
    .target(name: "DarkshareJudgement", dependencies: ["DarkshareCore", "CZlib"], exclude: ["Reference/README.md"]),
    .target(name: "DarkshareRules", dependencies: ["DarkshareCore", "DarkshareJudgement"]),
    .target(name: "DarkshareReporters", dependencies: ["DarkshareCore", "DarkshareRules"]),
    .target(
      name: "DarkshareKit",
      dependencies: [
        "DarkshareCore", "DarkshareReaders", "DarkshareJudgement", "DarkshareRules",
        "DarkshareReporters", "DarkshareSQLite", "CCurlLoader", .product(name: "Yams", package: "Yams"),
      ]),
    .executableTarget(
      name: "darkshare",
      dependencies: [
        "DarkshareKit", "DarkshareCore", "DarkshareReporters",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .target(
      name: "DarkshareTestSupport",
      dependencies: ["DarkshareKit", "CZlib"],
      path: "Tests/DarkshareTestSupport"),
    .testTarget(name: "DarkshareMarkupTests", dependencies: ["DarkshareMarkup", "DarkshareTestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "DarkshareJudgementTests",
      dependencies: ["DarkshareJudgement", "DarkshareTestSupport"]),
    .testTarget(
      name: "DarkshareRulesTests",
      dependencies: ["DarkshareRules", "DarkshareTestSupport"]),
    .testTarget(
      name: "DarkshareReportersTests",
      dependencies: ["DarkshareReporters", "DarkshareTestSupport"],
      exclude: ["Snapshots"]),
    .testTarget(
      name: "DarkshareCLITests",
      dependencies: ["DarkshareTestSupport", "DarkshareSQLite"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "DarkshareReadersTests",
      dependencies: ["DarkshareReaders", "DarkshareTestSupport", "DarkshareSQLite", "CZlib"]),
    .testTarget(name: "DarkshareSQLiteTests", dependencies: ["DarkshareSQLite"]),
    .testTarget(
      name: "DarkshareRealWorldTests",
      dependencies: ["DarkshareTestSupport"]),
  ]
)
