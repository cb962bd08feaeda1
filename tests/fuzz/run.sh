#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh [SECONDS] [TARGET...]: builds the libFuzzer targets with clang
# (ASan + UBSan) into build-fuzz/ and runs each for SECONDS (default 10)
# on a scratch copy of its seed corpus (corpus/<target>/), so the
# repository's seeds stay as they are. Exits non-zero on the first crash,
# leak, timeout (an input taking over 5 s) or out-of-memory; the input
# that did it is left as build-fuzz/crash-* (or leak-, timeout-, oom-).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tar manifest ovf disk windows_files hive text vmx)
build=$root/build-fuzz
CC=clang cmake -S "$root" -B "$build" -DV2V_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  cp -r "$here/corpus/$t/." "$work/"
  echo "fuzz: $t for ${secs}s ($(ls "$work" | wc -l) seeds)"
  if ! (cd "$build" && "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" \
        -timeout=5 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=0 \
        "$work" 2>"$build/fuzz_$t.log"); then
    tail -40 "$build/fuzz_$t.log" >&2
    echo "fuzz: $t FAILED (log: $build/fuzz_$t.log)" >&2
    rm -rf "$work"
    exit 1
  fi
  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "$build/fuzz_$t.log" | tail -1 || true
  rm -rf "$work"
done
echo "fuzz: ${#targets[@]} targets ran ${secs}s each, no failure"
