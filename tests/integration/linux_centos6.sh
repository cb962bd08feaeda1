#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The phony CentOS 6 guest (tests/fixtures/linux/variant-centos6.sh): grub
# legacy (grub.conf with menu.lst and /etc/grub.conf linked to it, stage1
# and stage1.5 on the disk), dracut 004's /etc/dracut.conf, upstart and
# SysV consoles, /etc/sysconfig/init, no systemd. grub.conf is edited
# directly (grub legacy has no config generator); dracut rebuilds the
# initramfs from /etc/dracut.conf. One launch, ~2 min under TCG (the
# dracut rebuild); read back on the host with debugfs.
. "$(dirname "$0")/lib.sh"
. "$FIXTURES/linux-xen.env"
K=$DEBIAN_KVER U=$CENTOS6_ROOT_UUID B=/var/lib/v2v-fixup/backup

img=$(copy_fixture "$CENTOS6_IMG")
mbr_before=$(head -c 440 "$img" | sha256sum)
phase "fixing the guest (one launch; dracut runs)"
check_run "fix" 0 --report "$WORK/fix.json" "$img"
r=$WORK/fix.json
jq_eq "result" "$r" .result fixed
jq_eq "distro" "$r" '"\(.guest.distro) \(.guest.major) \(.guest.linux.family)"' "centos 6 rhel"
jq_eq "no os-release: the release file's name and version; HOSTNAME= of /etc/sysconfig/network" "$r" \
  '"\(.guest.product_name) \(.guest.major).\(.guest.minor) \(.guest.hostname)"' \
  "CentOS release 6.10 (Final) 6.10 centos6-xen"
jq_eq "grub legacy, edited in place (no generator)" "$r" \
  '"\(.guest.linux.bootloader) \(.guest.linux.boot_config) \(.guest.linux.grub_mkconfig)"' \
  "grub-legacy /boot/grub/grub.conf null"
jq_eq "grub legacy found where the BIOS looks" "$r" '.guest.linux.boot_loader.found' \
  "GRUB legacy: boot code in the MBR, stage 1.5/2 at sector 1, between the MBR and the first partition"
jq_eq "no GRUB 2 installer in the guest" "$r" '.guest.linux.boot_loader.grub_install' null
jq_eq "grub.conf edited, after its backup; its links left alone" "$r" \
  '[.plan[] | select(.path and (.path | test("grub.conf|menu.lst"))) | "\(.op) \(.path)"] | join(",")' \
  "copy-file $B/boot/grub/grub.conf,write-file /boot/grub/grub.conf"
jq_eq "dracut 004: /etc/dracut.conf gets the drivers, no dracut.conf.d file" "$r" \
  '[.plan[] | select(.fixup=="linux-initramfs" and .op!="run-command") | "\(.op) \(.path)"] | join(",")' \
  "copy-file $B/etc/dracut.conf,write-file /etc/dracut.conf"
jq_eq "initramfs rebuilt for the changed configuration, without listing it first" "$r" \
  '[.plan[] | select(.op=="run-command") | "\(.command) | \(.why)"] | join(";")' \
  "dracut -f /boot/initramfs-$K.img $K | initramfs of $K: made again for its changed configuration (virtio drivers)"
jq_eq "upstart getty job on hvc0 removed, with a copy" "$r" \
  '[.plan[] | select(.path and (.path | test("/etc/init/"))) | "\(.op) \(.path)"] | join(",")' \
  "copy-file $B/etc/init/hvc0.conf,delete-file /etc/init/hvc0.conf"
jq_eq "SysV links of the Xen agent removed" "$r" \
  '[.plan[] | select(.fixup=="linux-xen-agents") | .path] | sort | join(",")' \
  "/etc/rc0.d/K86xe-linux-distribution,/etc/rc3.d/S14xe-linux-distribution"
jq_eq "no systemd .link for a udev without it" "$r" \
  '[.plan[] | select(.path and (.path | endswith(".link")))] | length' 0
check_schema "report follows the schema" "$r"
check_eq "MBR boot code untouched" "$(head -c 440 "$img" | sha256sum)" "$mbr_before"

rb=$WORK/rb
mkdir -p "$rb"
root_fs="$img?offset=$(sfdisk -J "$img" | jq '.partitiontable.partitions[0].start * 512')"
files=(/boot/grub/grub.conf /boot/grub/device.map /etc/dracut.conf /etc/sysconfig/init /etc/securetty
  /etc/inittab /etc/init/tty.conf $B/etc/init/hvc0.conf $B/boot/grub/grub.conf /etc/fstab)
{
  for f in "${files[@]}"; do echo "dump $f $rb/$(tr / _ <<<"$f")"; done
  echo "dump /boot/initramfs-$K.img $rb/initrd"
} >"$rb/cmds"
debugfs -f "$rb/cmds" "$root_fs" >"$rb/debugfs.log" 2>&1
link() { debugfs -R "stat $1" "$root_fs" 2>/dev/null | sed -n 's/^Fast link dest: "\(.*\)"$/\1/p'; }
exists() { debugfs -R "stat $1" "$root_fs" 2>/dev/null | grep -q '^Inode:'; }
f() { cat "$rb/$(tr / _ <<<"$1")" 2>/dev/null; }
check "read-back ran" test -s "$rb/initrd"

check_eq "grub.conf kernel line: root by UUID, console ttyS0" "$(f /boot/grub/grub.conf | grep '^[[:space:]]*kernel' | sed 's/^[[:space:]]*//')" \
  "kernel /boot/vmlinuz-$K ro root=UUID=$U rd_NO_LUKS rd_NO_LVM rd_NO_MD rd_NO_DM LANG=en_US.UTF-8 KEYTABLE=us console=ttyS0"
check "grub.conf keeps its entry and initrd line" grep -qx "	initrd /boot/initramfs-$K.img" "$rb/_boot_grub_grub.conf"
check_eq "grub.conf boot device for grubby" "$(f /boot/grub/grub.conf | grep '^#boot=')" "#boot=/dev/vda"
check "grub.conf backup is the Xen original" grep -q "root=/dev/xvda1 .*console=hvc0" "$rb/$(tr / _ <<<"$B/boot/grub/grub.conf")"
check_eq "menu.lst still links to grub.conf" "$(link /boot/grub/menu.lst)" ./grub.conf
check_eq "/etc/grub.conf still links to it" "$(link /etc/grub.conf)" ../boot/grub/grub.conf
check_eq "device.map: the disk on the new bus" "$(f /boot/grub/device.map | grep '^(hd0)' | tr -s ' ')" "(hd0) /dev/vda"
check "dracut.conf: virtio drivers added" grep -qx 'add_drivers+=" virtio_pci virtio_blk virtio_scsi sd_mod "' "$rb/_etc_dracut.conf"
check "dracut.conf: the Xen drivers kept" grep -qx 'add_drivers="xen-blkfront xen-netfront"' "$rb/_etc_dracut.conf"
check "no /etc/dracut.conf.d written" bash -c "! debugfs -R 'stat /etc/dracut.conf.d' '$root_fs' 2>/dev/null | grep -q '^Inode:'"
check_eq "start-ttys no longer starts hvc0" "$(f /etc/sysconfig/init | grep '^ACTIVE_CONSOLES=')" 'ACTIVE_CONSOLES="/dev/tty[1-6]"'
check "the hvc0 job is gone, its copy kept" bash -c "! debugfs -R 'stat /etc/init/hvc0.conf' '$root_fs' 2>/dev/null | grep -q '^Inode:' && grep -q '/dev/hvc0' '$rb/$(tr / _ <<<"$B/etc/init/hvc0.conf")'"
check "other upstart jobs kept" grep -q 'exec /sbin/mingetty \$TTY' "$rb/_etc_init_tty.conf"
check_eq "securetty" "$(f /etc/securetty | tr '\n' ' ')" "console vc/1 tty1 ttyS0 "
check_eq "inittab (initdefault only) unchanged" "$(f /etc/inittab)" "id:3:initdefault:"
check_eq "fstab root" "$(f /etc/fstab | awk '$2=="/" {print $1}')" "UUID=$U"
check_initramfs_virtio "$rb/initrd"
finish
