#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# N guests (default 10: copies of the phony 2008 R2, 2019 and Windows 7
# guests in turn) fixed three ways, each on fresh copies with the same fake
# virtio-win tree:
#   1. one v2v-fixup run for all of them (one appliance launch),
#   2. one v2v-fixup run per guest,
#   3. one virt-v2v-in-place run per guest (Debian's virt-v2v).
# For each: wall time in all and per guest, appliance launches (counted
# through a LIBGUESTFS_HV wrapper), guests fixed. Under TCG (no /dev/kvm:
# containers, CI pods) the launch is most of a small guest's time, and the
# first way pays it once.
#
# Usage: bench/batch.sh [N] [ROUNDS]   (after scripts/build.sh; as root)
# Prints a Markdown table on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
rounds=${2:-1}
. bench/lib.sh
bench_install_reference
bench_sources
bench_workdir batch
work=$WORK

kinds=(win2008r2-citrix win2019-xcpng win7-gplpv-x86)
# fresh: N new copies in $work/g/, their paths in the array IMAGES.
fresh() {
  rm -rf "$work/g"
  mkdir -p "$work/g"
  IMAGES=()
  for ((i = 0; i < n; i++)); do
    local k=${kinds[i % ${#kinds[@]}]}
    cp --sparse=always "build/fixtures/$k.img" "$work/g/$k-$i.img"
    IMAGES+=("$work/g/$k-$i.img")
  done
}

since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }

# timed COMMAND...: seconds of COMMAND (its own failures counted by
# the caller), launches noted.
timed() {
  local t0
  t0=$(date +%s.%N)
  "$@" >>"$work/log" 2>&1 || echo "  (exit $?: $*)" >&2
  since "$t0"
}

# fixed: how many of IMAGES v2v-fixup -n now finds needing nothing (one
# launch, after the row's launches are counted).
fixed() {
  "$v2v" -q -n --report "$work/check-%n.json" "${IMAGES[@]}" >/dev/null 2>&1 || true
  local c=0 f
  for f in "$work"/check-*.json; do
    [ "$(jq '.plan | length' "$f")" = 0 ] && c=$((c + 1))
  done
  rm -f "$work"/check-*.json
  echo "$c"
}

row() { # LABEL SECONDS LAUNCHES FIXED
  printf '| %s | %d | %.1f | %.1f | %s | %s/%d |\n' "$1" "$n" "$2" \
    "$(awk -v s="$2" -v n="$n" 'BEGIN { print s / n }')" "$3" "$4" "$n"
}

echo "| way | guests | total s | per guest s | launches | need nothing after (v2v-fixup -n) |"
echo "|---|---|---|---|---|---|"
for ((r = 1; r <= rounds; r++)); do
  echo "round $r: one v2v-fixup run for $n guests" >&2
  fresh
  : >"$work/launches"
  s=$(timed "$v2v" -q "${IMAGES[@]}")
  row "v2v-fixup, one run" "$s" "$(wc -l <"$work/launches")" "$(fixed)"

  echo "round $r: $n v2v-fixup runs" >&2
  fresh
  : >"$work/launches"
  t0=$(date +%s.%N)
  for img in "${IMAGES[@]}"; do timed "$v2v" -q "$img" >/dev/null; done
  s=$(since "$t0")
  row "v2v-fixup, a run per guest" "$s" "$(wc -l <"$work/launches")" "$(fixed)"

  echo "round $r: $n virt-v2v-in-place runs" >&2
  fresh
  : >"$work/launches"
  t0=$(date +%s.%N)
  for img in "${IMAGES[@]}"; do
    timed virt-v2v-in-place -i disk "$img" >/dev/null
  done
  s=$(since "$t0")
  row "virt-v2v-in-place, a run per guest" "$s" "$(wc -l <"$work/launches")" "$(fixed)"
done
