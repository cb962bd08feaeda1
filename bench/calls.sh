#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Counts the appliance round trips of one in-place fix-up and times them:
# runs v2v-fixup -vv (libguestfs trace, time-stamped here) on fresh copies
# of a phony guest; prints the wall time and number of guestfs calls of
# each run and, for the last one, the count and seconds of each call.
# Usage: bench/calls.sh [GUEST] [ROUNDS] [TRACE-COPY]  (after scripts/build.sh;
# V2V=other/v2v-fixup measures another build on the same fixtures; a GUEST
# named NAME-big is bench/make-big-guest.sh's realistic-size copy of NAME)
set -euo pipefail
cd "$(dirname "$0")/.."
guest=${1:-win2008r2-citrix}
rounds=${2:-2}
keep=${3:-}
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
tests/fixtures/build.sh build/fixtures >/dev/null
img=build/fixtures/$guest.img
if [[ $guest == *-big ]]; then
  bench/make-big-guest.sh build/big-guests "${guest%-big}"
  img=build/big-guests/$guest.img
fi
tests/fixtures/make-virtio-win.sh build/virtio-win >/dev/null
export VIRTIO_WIN=$PWD/build/virtio-win/tree
work=$(mktemp -d /var/tmp/v2v-calls.XXXXXX)
trap 'rm -rf "$work"' EXIT

# "SECONDS NAME" per call: the trace prints "NAME ARGS" then "NAME = RET".
calls() {
  awk '$2 == "libguestfs:" && $3 == "trace:" && $4 ~ /^[a-z_0-9]+$/ {
         if ($5 == "=") { if ($4 in t0) printf "%.3f %s\n", $1 - t0[$4], $4 }
         else t0[$4] = $1 }'
}
for i in $(seq "$rounds"); do
  cp --sparse=always "$img" "$work/g.img"
  start=$(date +%s.%N)
  "${V2V:-build/v2v-fixup}" -vv "$work/g.img" 2>&1 |
    perl -MTime::HiRes=time -ne 'printf "%.3f %s", time, $_' >"$work/trace.log"
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc)
  launch=$(calls <"$work/trace.log" | awk '$2 == "launch" { s += $1 } END { print s + 0 }')
  printf '%s run %d: %.1f s (launch %.1f s, the rest %.1f s), %d guestfs calls\n' \
    "$guest" "$i" "$wall" "$launch" "$(echo "$wall - $launch" | bc)" \
    "$(calls <"$work/trace.log" | wc -l)"
done
[ -z "$keep" ] || cp "$work/trace.log" "$keep"
printf '%6s %8s  %s\n' calls seconds call
calls <"$work/trace.log" |
  awk '{ n[$2]++; s[$2] += $1 } END { for (c in n) printf "%6d %8.2f  %s\n", n[c], s[c], c }' |
  sort -k2 -rn
