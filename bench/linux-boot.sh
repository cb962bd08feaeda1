#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boots the Debian Xen fixture under qemu TCG on a virtio-blk disk, before
# and/or after v2v-fixup, and reports whether it reaches userspace (a
# login prompt on ttyS0) and how long that took.
# Usage: bench/linux-boot.sh [fixed|original|both|IMAGE] [TIMEOUT_SECONDS]
#        (after scripts/build.sh; builds the fixture if needed; IMAGE: boot
#        an already fixed copy as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-fixed}
timeout=${2:-900}
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
tests/fixtures/linux/build-linux.sh build/fixtures >/dev/null
work=$(mktemp -d /var/tmp/v2v-boot.XXXXXX)
qpid=
cleanup() { [[ -n $qpid ]] && kill "$qpid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# boot LABEL IMAGE: one boot on a throwaway snapshot of IMAGE.
boot() {
  local label=$1 img=$2 log=$work/$1.serial t0 verdict=timeout
  : >"$log"
  t0=$SECONDS
  qemu-system-x86_64 -machine pc,accel=tcg -m 1024 -smp 1 -display none \
    -drive "file=$img,format=raw,if=virtio,snapshot=on" -nic none \
    -serial "file:$log" -monitor none -no-reboot &
  qpid=$!
  while ((SECONDS - t0 < timeout)) && kill -0 "$qpid" 2>/dev/null; do
    if grep -q 'login:' "$log"; then verdict=userspace; break; fi
    if grep -qE 'Kernel panic|emergency mode|Gave up waiting for root' "$log"; then
      verdict=failed; break
    fi
    sleep 2
  done
  kill "$qpid" 2>/dev/null || true
  wait "$qpid" 2>/dev/null || true
  qpid=
  printf '%-10s %-10s %5d s   (%s)\n' "$label" "$verdict" $((SECONDS - t0)) \
    "$(grep -aE 'login:|panic|emergency|Gave up' "$log" | tail -1 | tr -d '\r' | cut -c1-60)"
  cp "$log" "/var/tmp/linux-boot-$label.serial"
}

printf '%-10s %-10s %7s\n' image result time
if [[ -f $which ]]; then
  boot given "$which"
fi
if [[ $which == original || $which == both ]]; then
  boot original build/fixtures/debian12-xen.img
fi
if [[ $which == fixed || $which == both ]]; then
  cp --sparse=always build/fixtures/debian12-xen.img "$work/fixed.img"
  t0=$SECONDS
  build/v2v-fixup -q "$work/fixed.img"
  echo "(v2v-fixup took $((SECONDS - t0)) s)"
  boot fixed "$work/fixed.img"
fi
echo "serial logs: /var/tmp/linux-boot-*.serial"
