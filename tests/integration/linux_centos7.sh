#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The phony CentOS 7 guest (tests/fixtures/linux/variant-centos7.sh): grub2
# without BLS (menuentry blocks in /boot/grub2/grub.cfg, grub2-mkconfig),
# /etc/sysconfig/grub and /etc/grub2.cfg links, device.map, ifcfg files.
# Fixed with --no-virtio: its dracut path (add_drivers in
# /etc/dracut.conf.d, read since dracut 005) is the Rocky guest's,
# rebuilt in linux_rhel; here the boot configuration. One launch, ~50 s
# under TCG; read back on the host with debugfs.
. "$(dirname "$0")/lib.sh"
. "$FIXTURES/linux-xen.env"
K=$DEBIAN_KVER U=$CENTOS7_ROOT_UUID

img=$(copy_fixture "$CENTOS7_IMG")
phase "fixing the guest (one launch; grub2-mkconfig runs)"
check_run "fix" 0 --no-virtio --report "$WORK/fix.json" "$img"
r=$WORK/fix.json
jq_eq "result" "$r" .result fixed
jq_eq "distro" "$r" '"\(.guest.distro) \(.guest.major) \(.guest.linux.family)"' "centos 7 rhel"
jq_eq "os-release says 7: the release file's name and minor" "$r" \
  '"\(.guest.product_name) \(.guest.major).\(.guest.minor) \(.guest.hostname)"' \
  "CentOS Linux release 7.9.2009 (Core) 7.9 centos7-xen"
jq_eq "grub2, no BLS" "$r" '"\(.guest.linux.bootloader) \(.guest.linux.boot_config) \(.guest.linux.grub_mkconfig) \(.guest.linux.bls)"' \
  "grub2 /boot/grub2/grub.cfg grub2-mkconfig -o /boot/grub2/grub.cfg false"
jq_eq "GRUB 2 found where the BIOS looks: nothing to install" "$r" \
  '"\(.guest.linux.boot_loader.boot_code) \(.guest.linux.boot_loader.installed) \([.plan[] | select(.fixup=="linux-bootloader")] | length)"' \
  "grub2 true 0"
jq_eq "only grub2-mkconfig runs, last" "$r" \
  '[.plan[] | select(.op=="run-command") | .command] | join(",")' "grub2-mkconfig -o /boot/grub2/grub.cfg"
jq_eq "links not written through" "$r" \
  '[.plan[] | select(.path=="/etc/sysconfig/grub" or .path=="/etc/grub2.cfg")] | length' 0
check_schema "report follows the schema" "$r"

rb=$WORK/rb
mkdir -p "$rb"
root_fs="$img?offset=$(sfdisk -J "$img" | jq '.partitiontable.partitions[0].start * 512')"
for f in /etc/default/grub /boot/grub2/grub.cfg /boot/grub2/grubenv /boot/grub2/device.map /etc/fstab; do
  echo "dump $f $rb/$(tr / _ <<<"$f")"
done >"$rb/cmds"
debugfs -f "$rb/cmds" "$root_fs" >"$rb/debugfs.log" 2>&1
link() { debugfs -R "stat $1" "$root_fs" 2>/dev/null | sed -n 's/^Fast link dest: "\(.*\)"$/\1/p'; }
f() { cat "$rb/$(tr / _ <<<"$1")" 2>/dev/null; }
check "read-back ran" test -s "$rb/_boot_grub2_grub.cfg"

check_eq "grub defaults: console moved" "$(f /etc/default/grub | grep '^GRUB_CMDLINE_LINUX=')" \
  'GRUB_CMDLINE_LINUX="crashkernel=auto console=ttyS0"'
check "grub defaults: still no BLS switch" bash -c "! grep -q BLSCFG '$rb/_etc_default_grub'"
check "grub.cfg regenerated with menu entries" grep -q "^menuentry " "$rb/_boot_grub2_grub.cfg"
check "grub.cfg boots the kernel by UUID on ttyS0" grep -q "/boot/vmlinuz-$K root=UUID=$U ro .*console=ttyS0" "$rb/_boot_grub2_grub.cfg"
check "grub.cfg: no Xen device or console, no blscfg" bash -c "! grep -qE 'xvd|hvc0|blscfg' '$rb/_boot_grub2_grub.cfg'"
check_eq "/etc/sysconfig/grub still a link" "$(link /etc/sysconfig/grub)" ../default/grub
check_eq "/etc/grub2.cfg still a link" "$(link /etc/grub2.cfg)" ../boot/grub2/grub.cfg
check_eq "device.map: the disk on the new bus" "$(f /boot/grub2/device.map | grep '^(hd0)' | tr -s ' ')" "(hd0) /dev/sda"
check "grubenv keeps saved_entry" grep -qx "saved_entry=CentOS Linux ($K) 7 (Core)" "$rb/_boot_grub2_grubenv"
check_eq "fstab root" "$(f /etc/fstab | awk '$2=="/" {print $1}')" "UUID=$U"
finish
