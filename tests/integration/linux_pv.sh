#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A Debian 12 PV guest as pygrub booted it on Xen: no GRUB boot code in the
# MBR and no core image after it (tests/fixtures/linux/variant-pv.sh).
# Two guests in one launch (~50 s under TCG):
# 1. Fixed (--no-virtio: the initramfs rebuild is linux_debian's; here
#    only the boot loader path; the run's verification re-inspects): the
#    guest's grub-install puts GRUB back where the BIOS looks, update-grub
#    makes grub.cfg anew; read back on the host (the first sectors,
#    debugfs).
# 2. Refused (exit 3): a copy of the same disk (the same UUIDs) with only a
#    Xen PV kernel left and no grub-install, both made on the host with
#    debugfs; both reasons named, the image untouched.
. "$(dirname "$0")/lib.sh"
. "$FIXTURES/linux-xen.env"
K=$DEBIAN_KVER U=$DEBIAN_ROOT_UUID

img=$(copy_fixture "$DEBIAN_PV_IMG")
check "fixture: no GRUB in the first MiB" bash -c "! head -c 1048576 '$img' | grep -aq 'GRUB '"
root_fs="$img?offset=$(sfdisk -J "$img" | jq '.partitiontable.partitions[0].start * 512')"
mtime() { debugfs -R "stat $1" "$root_fs" 2>/dev/null | sed -n 's/^ *mtime: \(0x[0-9a-f]*\).*/\1/p'; }
cfg_before=$(mtime /boot/grub/grub.cfg)

# The guest to refuse: a Xen PV kernel only, no grub-install (made on
# the host); a copy of the same disk, so the same filesystem UUIDs.
bad=$WORK/xen-only.img
cp --sparse=always "$FIXTURES/$DEBIAN_PV_IMG" "$bad"
bad_fs="$bad?offset=$(sfdisk -J "$bad" | jq '.partitiontable.partitions[0].start * 512')"
XK=2.6.32-5-xen-amd64
debugfs -w -f - "$bad_fs" >"$WORK/debugfs-w.log" 2>&1 <<DBG
ln /boot/vmlinuz-$K /boot/vmlinuz-$XK
unlink /boot/vmlinuz-$K
rm /usr/sbin/grub-install
DBG
check "made: only vmlinuz-$XK left" bash -c "debugfs -R 'ls /boot' '$bad_fs' 2>/dev/null | grep -q 'vmlinuz-$XK' && ! debugfs -R 'ls /boot' '$bad_fs' 2>/dev/null | grep -q 'vmlinuz-$K'"
before=$(sum "$bad")

phase "the PV guest fixed, its crippled copy refused, in one launch"
check_run "one fixed, one refused: exit 3" 3 --no-virtio --report "$WORK/%n.json" "$img" "$bad"
r=$WORK/debian12-pv.json
jq_eq "result" "$r" .result fixed
jq_eq "inspection: nothing where the BIOS looks, GRUB 2 to install" "$r" \
  '.guest.linux.boot_loader | "\(.boot_code) \(.installed) \(.grub_install)"' \
  "none false grub-install --target=i386-pc /dev/sda"
jq_eq "inspection says why" "$r" '.guest.linux.boot_loader.found' \
  "no boot code in the MBR (pygrub or Xen loaded the kernel)"
jq_eq "commands: the guest's grub-install, then update-grub last" "$r" \
  '[.plan[] | select(.op=="run-command") | "\(.fixup): \(.command)"] | join(", ")' \
  "linux-bootloader: grub-install --target=i386-pc /dev/sda, linux-grub: update-grub"
jq_eq "grub.cfg made anew for the new loader" "$r" \
  '.plan[-1].why' "/boot/grub/grub.cfg is made anew for the GRUB 2 just installed"
jq_eq "applied" "$r" .applied true
check_schema "report follows the schema" "$r"

phase "reading the boot area and grub.cfg back on the host"
mbr=$WORK/mbr
dd if="$img" of="$mbr" bs=512 count=1 status=none
dd if="$img" of="$WORK/core" bs=512 skip=1 count=1 status=none
check "MBR: GRUB's boot code" grep -aq 'GRUB ' "$mbr"
check_eq "MBR: GRUB 2's load address at 0x5A and core image at sector 1 (0x5C)" \
  "$(od -An -tx1 -j90 -N2 "$mbr" | tr -d ' ') $(od -An -tu8 -j92 -N8 "$mbr" | tr -d ' ')" "0080 1"
check_eq "MBR: partition table kept" "$(sfdisk -J "$img" | jq -c '[.partitiontable.partitions[] | .start]')" \
  "$(sfdisk -J "$FIXTURES/$DEBIAN_PV_IMG" | jq -c '[.partitiontable.partitions[] | .start]')"
check "sector 1: the core image's first sector" grep -aq loading "$WORK/core"
check_eq "its block list goes on at sector 2" "$(od -An -tu8 -j500 -N8 "$WORK/core" | tr -d ' ')" 2
debugfs -R "cat /boot/grub/grub.cfg" "$root_fs" >"$WORK/grub.cfg" 2>/dev/null
check "grub.cfg written again" test "$(mtime /boot/grub/grub.cfg)" != "$cfg_before"
check "grub.cfg boots the kernel by UUID on ttyS0" grep -q "linux.*/boot/vmlinuz-$K root=UUID=$U ro .*console=ttyS0" "$WORK/grub.cfg"
check "core image in /boot/grub/i386-pc" bash -c "debugfs -R 'stat /boot/grub/i386-pc/core.img' '$root_fs' 2>/dev/null | grep -q 'Size:'"

# That inspection takes these bytes for an installed GRUB 2 is checked on
# the CentOS 7 guest, whose boot area is a copy of a real install.
phase "the refusal"
jq_eq "result" "$WORK/xen-only.json" .result refused
jq_eq "the Xen-only kernel is named" "$WORK/xen-only.json" \
  '[.refusals[] | select(test("only Xen PV kernels are installed"))] | length' 1
jq_eq "the missing boot loader and installer are named" "$WORK/xen-only.json" \
  '[.refusals[] | select(test("^no boot code in the MBR .*, and the guest has no GRUB 2 to install \\(grub-install or grub2-install"))] | length' 1
check "each reason on one line of stderr" bash -c "grep -c '\\[xen-only\\] error: cannot fix' '$WORK/err' | grep -qx 2"
check_eq "refused image untouched" "$(sum "$bad")" "$before"
finish
