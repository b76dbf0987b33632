#!/usr/bin/env bash
# Builds a darkshare binary that runs on machines without a Swift toolchain (Spark workers, a CI
# cache), then checks that it does: run from an empty folder with an empty environment (`env -i`),
# it may need nothing but the C/C++ runtime and the system's libxml2, zlib and SQLite (libcurl is
# loaded by `--resolve` only, when that option is used).
#
#   Scripts/build-static.sh [--musl] [--measure]
#
#   (default)  swift build -c release --static-swift-stdlib: the Swift runtime, Foundation and
#              Dispatch linked in; libxml2, zlib and SQLite stay shared system libraries.
#   --musl     also try a fully static build with the Swift static Linux SDK (musl), if that SDK
#              is installed (`swift sdk list`); says why not otherwise.
#   --measure  print the binary's size and the mean of 30 start-ups (`darkshare --version` under
#              env -i) with hyperfine, as recorded in BENCHMARKS.md.
#
# Prints the binary's path last. Exits non-zero when the build or a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

musl=false
measure=false
for argument in "$@"; do
  case "$argument" in
    --musl) musl=true ;;
    --measure) measure=true ;;
    *) echo "usage: $0 [--musl] [--measure]" >&2; exit 2 ;;
  esac
done

swift build -c release --static-swift-stdlib --product darkshare
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/darkshare"

# The libraries the binary itself asks for (NEEDED): libc and the C++ runtime, libxml2, zlib and
# SQLite. Not libcurl: `--resolve` loads it with dlopen when asked.
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "== shared libraries $binary needs: $(echo $needed)"
unexpected=$(printf '%s\n' $needed |
  grep -Ev '^(libc\.so|libm\.so|libstdc\+\+\.so|libgcc_s\.so|libpthread\.so|libdl\.so|librt\.so|ld-linux.*|libxml2\.so|libz\.so|libsqlite3\.so)' || true)
if [ -n "$unexpected" ]; then
  echo "build-static: the binary needs more than the system's C/C++ runtime, libxml2, zlib and SQLite: $unexpected" >&2
  exit 1
fi
if ldd "$binary" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|not found'; then
  echo "build-static: the binary loads Swift runtime libraries or misses one (above)" >&2
  exit 1
fi

# A clean, container-like run: a copy of the binary alone in an empty folder, no environment.
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
cp "$binary" "$sandbox/darkshare"
cp corpora/html/share-buttons.html "$sandbox/letter.html"
printf 'From: news@shop.example\nSubject: Spring\nContent-Type: text/html\n\n<a href="https://shop.example/sale">Sale</a>\n' > "$sandbox/mail.eml"
(
  cd "$sandbox"
  env -i ./darkshare --version
  links=$(printf 'letter.html\nmail.eml\n' | env -i ./darkshare links --format ndjson --quiet --input-list -)
  count=$(printf '%s\n' "$links" | grep -c '"url"')
  [ "$count" -gt 1 ] || { echo "build-static: env -i run found $count links" >&2; exit 1; }
  printf '%s\n' "$links" | grep -q '"file":"mail.eml"' || { echo "build-static: env -i run did not read mail.eml" >&2; exit 1; }
  set +e
  env -i ./darkshare audit letter.html --format json > audit.json
  status=$?
  set -e
  [ "$status" -le 1 ] || { echo "build-static: env -i audit exited $status" >&2; exit 1; }
  echo "== env -i: $count links read from an HTML newsletter and an .eml, audit exit $status"
)

if $measure; then
  echo "== size: $(stat -c %s "$binary") bytes ($(du -h "$binary" | cut -f1))"
  if command -v hyperfine > /dev/null; then
    hyperfine -N --warmup 3 --runs 30 "env -i $sandbox/darkshare --version"
  else
    echo "(hyperfine not installed: no start-up time)"
  fi
fi

if $musl; then
  sdk=$(swift sdk list 2>/dev/null | grep -i 'static-linux' | head -1 || true)
  if [ -z "$sdk" ]; then
    echo "== musl: no Swift static Linux SDK installed (swift sdk list); install the one matching $(swift --version 2>&1 | head -1) to try a fully static build" >&2
  else
    echo "== musl: building with the Swift SDK $sdk"
    if swift build -c release --swift-sdk "$sdk" --product darkshare; then
      static=$(swift build -c release --swift-sdk "$sdk" --show-bin-path)/darkshare
      file "$static" || true
      (cd "$sandbox" && env -i "$static" links --format ndjson --quiet letter.html | head -1)
    else
      echo "== musl: the fully static build failed (above): the SDK must also provide libxml2 and zlib for the CLibXML2 and CZlib system-library targets" >&2
    fi
  fi
fi

echo "$binary"
