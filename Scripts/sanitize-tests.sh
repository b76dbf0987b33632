#!/usr/bin/env bash
# Runs the unit tests under the address sanitizer, then under the undefined-behaviour sanitizer.
#
#   Scripts/sanitize-tests.sh [address|undefined|all] [extra swift test arguments…]
#
# Each sanitizer builds in a scratch directory of its own (.build-asan, .build-ubsan), so the
# normal .build stays as it is. Exits non-zero when a build fails, a test fails, or a sanitizer
# reports (a sanitizer report aborts the test process, which fails the run).
# Known under ASan (see FUZZING.md): the tests that bound peak memory fail (ASan's shadow memory
# and quarantine are several times the budget), and leak detection is off by default because
# libcurl (FoundationNetworking, under --resolve) and XCTest leave one-off allocations that are
# reported as leaks and turn a child `darkshare`'s exit code into 1 (ASAN_OPTIONS=detect_leaks=1).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
which="${1:-all}"
shift || true
case "$which" in address|undefined|all) ;; *) echo "sanitize-tests.sh: address, undefined or all, not '$which'" >&2; exit 2 ;; esac

status=0
run() { # sanitizer, scratch directory, extra arguments…
  local sanitizer="$1" scratch="$2"
  shift 2
  local flags=(--sanitize="$sanitizer")
  # swiftc refuses -sanitize=undefined on Linux: UBSan instruments the C compiled into the build
  # (libyaml inside Yams, the C shims) through clang, and links its runtime through clang too.
  # Swift code has its own overflow, bounds and nil checks in the debug build the tests run.
  [[ "$sanitizer" == undefined ]] && flags=(-Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined
    -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined)
  echo "== swift test ${flags[*]}"
  # halt_on_error makes an undefined-behaviour report fail the run instead of only printing.
  if UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" \
    swift test --package-path "$root" --scratch-path "$root/$scratch" "${flags[@]}" "$@"; then
    echo "== $sanitizer: passed"
  else
    echo "== $sanitizer: FAILED" >&2
    status=1
  fi
}
[[ "$which" == address || "$which" == all ]] && run address .build-asan "$@"
[[ "$which" == undefined || "$which" == all ]] && run undefined .build-ubsan "$@"
exit $status
