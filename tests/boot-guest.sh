#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# boot-guest.sh LOG TIMEOUT DISK [DISK...]: boots a raw Linux guest under
# qemu (software emulation, as on a machine without KVM) as KVM would run it
# after v2v-fixup: virtio-blk disks (throwaway snapshots: the files are not
# written), a virtio NIC on qemu's user network (DHCP at 10.0.2.2), the
# serial console in LOG. Stops at a login prompt, a panic or emergency
# mode, or after TIMEOUT seconds; prints "userspace", "failed" or
# "timeout" and the seconds it took. With BOOT_ALSO=REGEX in the
# environment, userspace also waits for a line matching it (a DHCP lease
# can come after the prompt). Used by tests/integration/
# linux_debian.sh and bench/linux-boot.sh.
set -uo pipefail
log=$1 timeout=$2
shift 2
drives=()
for d in "$@"; do drives+=(-drive "file=$d,format=raw,if=virtio,snapshot=on"); done
: >"$log"
t0=$SECONDS
qemu-system-x86_64 -machine pc,accel=tcg -m 1024 -smp 1 -display none \
  "${drives[@]}" -nic user,model=virtio-net-pci \
  -serial "file:$log" -monitor none -no-reboot &
qpid=$!
trap 'kill "$qpid" 2>/dev/null' EXIT
verdict=timeout
while ((SECONDS - t0 < timeout)) && kill -0 "$qpid" 2>/dev/null; do
  if grep -qa 'login:' "$log" && { [[ -z ${BOOT_ALSO:-} ]] || grep -qaE "$BOOT_ALSO" "$log"; }; then
    verdict=userspace
    break
  fi
  if grep -qaE 'Kernel panic|emergency mode|Gave up waiting for root' "$log"; then
    verdict=failed; break
  fi
  sleep 2
done
kill "$qpid" 2>/dev/null
wait "$qpid" 2>/dev/null
echo "$verdict $((SECONDS - t0))"
