#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ and runs each for a bounded time.
#
#   Scripts/fuzz.sh [HARNESS|all] [SECONDS]      (defaults: all, 600 seconds a harness)
#
# HARNESS is a target of Fuzz/Package.swift (FuzzHTML, FuzzEML, …; `Scripts/fuzz.sh list` names
# them). Each runs with its seeds (Scripts/fuzz-seeds.sh, from corpora/), a working corpus in
# Fuzz/corpus/<Harness>/ kept between runs, a dictionary where one helps, and writes crashes,
# leaks, timeouts and out-of-memory inputs to Fuzz/findings/<Harness>/ and its log to
# Fuzz/logs/<Harness>.log. Exits 1 when any harness found something, 2 on a build failure.
# Environment: FUZZ_NO_BUILD=1 skips the build; FUZZ_ARGS adds libFuzzer options.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/Fuzz"
harness="${1:-all}"
seconds="${2:-600}"
all=(FuzzHTML FuzzHTMLParts FuzzEML FuzzEMLParts FuzzMbox FuzzSMSBackup FuzzWhatsApp FuzzTelegram FuzzCSV FuzzPlainText FuzzZip FuzzGzip FuzzOutlookMessage FuzzOutlookMessageParts FuzzOutlookDecoders FuzzSignal FuzzMessenger FuzzUnwrappers FuzzQuery)

dictionary() {
  case "$1" in
    FuzzHTML|FuzzHTMLParts|FuzzSMSBackup) echo "$fuzz/dictionaries/html.dict" ;;
    FuzzEML|FuzzEMLParts|FuzzMbox) echo "$fuzz/dictionaries/mime.dict" ;;
    FuzzUnwrappers|FuzzQuery|FuzzPlainText) echo "$fuzz/dictionaries/url.dict" ;;
  esac
}

if [[ "$harness" == list ]]; then printf '%s\n' "${all[@]}"; exit 0; fi
if [[ "$harness" == all ]]; then harnesses=("${all[@]}"); else harnesses=("$harness"); fi
for name in "${harnesses[@]}"; do
  [[ " ${all[*]} " == *" $name "* ]] || { echo "fuzz.sh: no harness named '$name' (try: Scripts/fuzz.sh list)" >&2; exit 2; }
done

if [[ "${FUZZ_NO_BUILD:-0}" != 1 ]]; then
  swift build -c release --package-path "$fuzz" -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
    || { echo "fuzz.sh: the fuzz build failed" >&2; exit 2; }
fi
"$root/Scripts/fuzz-seeds.sh" >/dev/null || { echo "fuzz.sh: could not derive the seeds" >&2; exit 2; }
binaries="$(swift build -c release --package-path "$fuzz" --show-bin-path)"

status=0
for name in "${harnesses[@]}"; do
  corpus="$fuzz/corpus/$name" findings="$fuzz/findings/$name" log="$fuzz/logs/$name.log"
  mkdir -p "$corpus" "$findings" "$fuzz/logs"
  options=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$findings/")
  dict="$(dictionary "$name")"
  [[ -n "$dict" ]] && options+=(-dict="$dict")
  # shellcheck disable=SC2206
  options+=(${FUZZ_ARGS:-})
  echo "== $name: ${seconds}s"
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" "$binaries/$name" "${options[@]}" "$corpus" "$fuzz/seeds/$name" >"$log" 2>&1
  code=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+[[:space:]]+DONE' "$log" | sed 's/^/   /'
  found=$(find "$findings" -type f | wc -l)
  if [[ $code -ne 0 || $found -ne 0 ]]; then
    echo "   FINDING: exit $code, $found file(s) in $findings; see $log" >&2
    status=1
  fi
done
exit $status
