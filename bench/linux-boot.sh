#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boots the Debian Xen fixture under qemu TCG on a virtio-blk disk with a
# virtio NIC, before and/or after v2v-fixup, and reports whether it reaches
# userspace (a login prompt on ttyS0 and a DHCP lease) and how long that
# took.
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
trap 'rm -rf "$work"' EXIT

# boot LABEL IMAGE: one boot on a throwaway snapshot of IMAGE (virtio disk,
# virtio NIC on qemu's user network: tests/boot-guest.sh).
boot() {
  local label=$1 img=$2 log=$work/$1.serial verdict took
  read -r verdict took < <(BOOT_ALSO='DHCPv4 address' tests/boot-guest.sh "$log" "$timeout" "$img")
  printf '%-10s %-10s %5d s   (%s; %s)\n' "$label" "$verdict" "$took" \
    "$(grep -aE 'login:|panic|emergency|Gave up' "$log" | tail -1 | tr -d '\r' | cut -c1-40)" \
    "$(grep -aoE '[a-z0-9]+: DHCPv4 address [0-9./]+' "$log" | tail -1)"
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
