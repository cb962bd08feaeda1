#!/bin/bash
# Windows 7 x86: the x86 folders of w7 from a directory; current control
# set ControlSet002.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"

img=$(copy_fixture "$WIN7_IMG")
check_run "fix" 0 --virtio-win "$VIRTIO_FIXTURE/tree" --report "$WORK/fix.json" "$img"
jq_eq "boot driver from w7/x86" "$WORK/fix.json" \
  '.virtio.drivers[] | select(.role=="boot") | .folder' viostor/w7/x86
rb="$WORK/rb"
readback "$img" /dev/sda1 "$rb" \
  "checksum sha256 /Windows/System32/drivers/viostor.sys | cat > $rb/viostor.sum"
check_eq "x86 viostor.sys" "$(cat "$rb/viostor.sum")" \
  "$(sha256sum "$VIRTIO_FIXTURE/tree/viostor/w7/x86/viostor.sys" | cut -d' ' -f1)"
for cs in ControlSet001 ControlSet002; do
  check_eq "$cs viostor Start" "$(hget "$rb/SYSTEM" "$cs\\Services\\viostor" Start)" 0
  check_eq "$cs CDD" "$(hget "$rb/SYSTEM" "$cs\\Control\\CriticalDeviceDatabase\\pci#ven_1af4&dev_1001&subsys_00021af4&rev_00" Service)" viostor
done
finish
