#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Times v2v-fixup on the phony guests: in place and with -o, several rounds
# on fresh copies; prints min and median wall time, appliance launches, the
# tool's own peak RSS (the appliance aside) and the overlay bytes an
# in-place commit writes, and checks that a 100 GiB sparse disk costs what
# the same guest on a 128 MiB disk costs.
# Usage: bench/fixup.sh [ROUNDS]   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
tests/fixtures/build.sh build/fixtures >/dev/null
# A Windows guest is not fixed without a virtio-win source: the fake tree.
tests/fixtures/make-virtio-win.sh build/virtio-win >/dev/null
export VIRTIO_WIN=$PWD/build/virtio-win/tree
work=$(mktemp -d /var/tmp/v2v-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
v2v=build/v2v-fixup

# run LABEL IMAGE [ARGS...]: one round, a line of numbers from the report.
run() {
  local label=$1 img=$2
  shift 2
  "$v2v" -q --report "$work/r.json" "$@" "$img" 2>>"$work/warnings.log"
  jq -r --arg l "$label" \
    '[$l, .run.seconds, .run.appliance_launches, .run.peak_rss_kib, .run.overlay_bytes] | @tsv' \
    "$work/r.json"
}

stats() { # reads tab-separated "label seconds launches rss bytes" lines
  sort -t$'\t' -k2 -n | awk -F'\t' '{ s[NR]=$2; l=$1; la=$3; if ($4>rss) rss=$4; b=$5 }
    END { printf "%-28s %8.1f %8.1f %9d %10d %12d\n", l, s[1], s[int((NR+1)/2)], la, rss, b }'
}

printf "%-28s %8s %8s %9s %10s %12s\n" case "min s" "median s" launches "RSS KiB" "overlay B"
for guest in win2008r2-citrix win2019-xcpng win7-gplpv-x86; do
  for i in $(seq "$rounds"); do
    cp --sparse=always "build/fixtures/$guest.img" "$work/g.img"
    run "$guest in place" "$work/g.img"
  done | stats
  for i in $(seq "$rounds"); do
    run "$guest -o qcow2" "build/fixtures/$guest.img" --force -o "$work/out.qcow2" -O qcow2
    rm -f "$work/out.qcow2"
  done | stats
done
for i in $(seq "$rounds"); do
  cp --sparse=always build/fixtures/win2008r2-citrix.img "$work/big.img"
  truncate -s 100G "$work/big.img"
  run "win2008r2 on 100 GiB disk" "$work/big.img"
done | stats
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r), ${LIBGUESTFS_BACKEND_SETTINGS:-kvm}"
