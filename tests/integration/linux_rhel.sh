#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The phony RHEL-family guest (Rocky Linux 9 release files on a Debian-built
# tree, tests/fixtures/linux/build-linux.sh): dracut, BLS entries,
# /boot/grub2/grub.cfg with grub2-mkconfig, /etc/sysconfig/grub a link to
# /etc/default/grub, and the same Xen-era files as the Debian guest. Fix a
# copy; read it back on the host (debugfs); the dracut-built initramfs
# must list the virtio drivers. One launch: the run's own verification
# re-plans (the Debian test does the second run).
. "$(dirname "$0")/lib.sh"
. "$FIXTURES/linux-xen.env"
K=$DEBIAN_KVER U=$ROCKY_ROOT_UUID S=$ROCKY_SWAP_UUID
BLS=/boot/loader/entries/$ROCKY_MACHINE_ID-$K.conf

img=$(copy_fixture "$ROCKY_IMG")
orig=$(sum "$img")

phase "fixing the guest (one appliance launch; dracut and grub2-mkconfig run)"
check_run "fix" 0 --report "$WORK/fix.json" "$img"
r="$WORK/fix.json"
jq_eq "result" "$r" .result fixed
jq_eq "distro" "$r" '"\(.guest.distro) \(.guest.major)"' "rocky 9"
jq_eq "family" "$r" .guest.linux.family rhel
jq_eq "boot loader" "$r" '"\(.guest.linux.bootloader) \(.guest.linux.boot_config) \(.guest.linux.grub_mkconfig) \(.guest.linux.bls)"' \
  "grub2 /boot/grub2/grub.cfg grub2-mkconfig -o /boot/grub2/grub.cfg true"
jq_eq "initramfs tool" "$r" .guest.linux.initramfs_tool dracut
jq_eq "one kernel, with its dracut image" "$r" \
  '[.guest.linux.kernels[] | "\(.version) \(.initramfs)"] | join(",")' "$K /boot/initramfs-$K.img"
jq_eq "dracut configured for later kernels" "$r" \
  '[.plan[] | select(.op=="write-file" and .fixup=="linux-initramfs") | .path] | join(",")' \
  /etc/dracut.conf.d/v2v-fixup-virtio.conf
# The new configuration forces the rebuild: the image is not listed first
# (the verification lists it, and the read-back below checks it).
jq_eq "initramfs rebuilt with dracut, for the new configuration" "$r" \
  '[.plan[] | select(.op=="run-command" and .fixup=="linux-initramfs") | "\(.command) | \(.why)"] | join(";")' \
  "dracut -f /boot/initramfs-$K.img $K | initramfs of $K: made again for its changed configuration (virtio drivers)"
jq_eq "grub config regenerated last, with grub2-mkconfig" "$r" '.plan[-1] | "\(.op) \(.command)"' \
  "run-command grub2-mkconfig -o /boot/grub2/grub.cfg"
jq_eq "the link /etc/sysconfig/grub is not written through" "$r" \
  '[.plan[] | select(.path=="/etc/sysconfig/grub")] | length' 0
jq_eq "BLS entry edited, after its backup" "$r" \
  '[.plan[] | select(.path=="'"$BLS"'" or .path=="/var/lib/v2v-fixup/backup'"$BLS"'") | "\(.op) \(.path)"] | join(",")' \
  "copy-file /var/lib/v2v-fixup/backup$BLS,write-file $BLS"
jq_eq "the plan is applied" "$r" '.applied' true
check "image changed" test "$(sum "$img")" != "$orig"

rb=$WORK/rb
mkdir -p "$rb"
NS=/etc/sysconfig/network-scripts NMC=/etc/NetworkManager/system-connections
files=(/etc/fstab /etc/default/grub /boot/grub2/grub.cfg /boot/grub2/grubenv "$BLS" /etc/dracut.conf.d/v2v-fixup-virtio.conf
  "/var/lib/v2v-fixup/backup$BLS" $NS/ifcfg-eth0 /etc/udev/rules.d/70-persistent-net.rules
  $NMC/backend.nmconnection /var/lib/v2v-fixup/backup$NS/ifcfg-eth0)
root_fs="$img?offset=$(sfdisk -J "$img" | jq '.partitiontable.partitions[0].start * 512')"
{
  for f in "${files[@]}"; do echo "dump $f $rb/$(tr / _ <<<"$f")"; done
  echo "dump /boot/initramfs-$K.img $rb/initrd"
} >"$rb/cmds"
debugfs -f "$rb/cmds" "$root_fs" >"$rb/debugfs.log" 2>&1
debugfs -R "stat /etc/sysconfig/grub" "$root_fs" 2>/dev/null |
  sed -n 's/^Fast link dest: "\(.*\)"$/\1/p' >"$rb/sysconfig.link"
check "read-back ran" test -s "$rb/initrd"
f() { cat "$rb/$(tr / _ <<<"$1")" 2>/dev/null; }

check_eq "fstab root" "$(f /etc/fstab | awk '$2=="/" {print $1}')" "UUID=$U"
check_eq "grub defaults" "$(f /etc/default/grub | grep '^GRUB_CMDLINE_LINUX=')" \
  "GRUB_CMDLINE_LINUX=\"resume=UUID=$S console=ttyS0\""
check_eq "/etc/sysconfig/grub still links to the defaults" "$(cat "$rb/sysconfig.link")" ../default/grub
check_eq "BLS options" "$(f "$BLS" | grep '^options')" "options root=UUID=$U ro resume=UUID=$S console=ttyS0"
check "BLS entry otherwise kept" grep -qx "initrd /boot/initramfs-$K.img \$tuned_initrd" "$rb/$(tr / _ <<<"$BLS")"
check "BLS backup is the Xen original" grep -qx "options root=/dev/xvda1 ro resume=/dev/xvda2 console=hvc0" \
  "$rb/$(tr / _ <<<"/var/lib/v2v-fixup/backup$BLS")"
check_eq "grubenv kernelopts (left by RHEL 8)" "$(f /boot/grub2/grubenv | grep '^kernelopts=')" \
  "kernelopts=root=UUID=$U ro resume=UUID=$S console=ttyS0"
check_eq "grubenv still a 1024-byte block" "$(stat -c %s "$rb/_boot_grub2_grubenv")" 1024
check "grubenv keeps saved_entry and its padding" bash -c \
  "grep -qx 'saved_entry=$ROCKY_MACHINE_ID-$K' '$rb/_boot_grub2_grubenv' && tail -c 1 '$rb/_boot_grub2_grubenv' | grep -q '#'"
check "grub.cfg regenerated" grep -q "console=ttyS0" "$rb/_boot_grub2_grub.cfg"
check "grub.cfg: no Xen device or console left" bash -c "! grep -qE 'xvd|hvc0' '$rb/_boot_grub2_grub.cfg'"
for m in virtio_pci virtio_blk virtio_scsi; do
  check "dracut configuration adds $m" grep -q "^add_drivers+=\".* $m .*\"" "$rb/_etc_dracut.conf.d_v2v-fixup-virtio.conf"
done

# The network: ifcfg, udev persistent names and a NetworkManager profile,
# each pinned to a Xen MAC, bound to the kernel's names instead.
N="# v2v-fixup: the MAC changes on KVM, unpinned: "
check "ifcfg-eth0: HWADDR unpinned" grep -qxF "${N}HWADDR=AA:00:0B:1C:2D:3E" "$rb/$(tr / _ <<<$NS/ifcfg-eth0)"
check "ifcfg-eth0: device and address kept" bash -c \
  "grep -qx DEVICE=eth0 '$rb/$(tr / _ <<<$NS/ifcfg-eth0)' && grep -qx IPADDR=192.0.2.10 '$rb/$(tr / _ <<<$NS/ifcfg-eth0)'"
check "ifcfg-eth0 backup is the Xen original" grep -qx "HWADDR=AA:00:0B:1C:2D:3E" \
  "$rb/$(tr / _ <<</var/lib/v2v-fixup/backup$NS/ifcfg-eth0)"
check_eq "persistent-net rules: both MAC rules disabled" \
  "$(grep -c "^${N}SUBSYSTEM" "$rb/_etc_udev_rules.d_70-persistent-net.rules")" 2
check "NetworkManager profile: bound to eth1 (its MAC's udev name), MAC unpinned" bash -c \
  "grep -qx 'interface-name=eth1' '$rb/$(tr / _ <<<$NMC/backend.nmconnection)' && grep -qxF '${N}mac-address=AA:00:0B:1C:2D:3F' '$rb/$(tr / _ <<<$NMC/backend.nmconnection)'"
check_eq "NetworkManager profile keeps its mode (NM ignores others)" \
  "$(debugfs -R "stat $NMC/backend.nmconnection" "$root_fs" 2>/dev/null | sed -n 's/.*Mode: *\([0-7]*\).*/\1/p')" 0600
jq_eq "network changes are each in the report" "$r" \
  '[.plan[] | select(.fixup=="linux-network" and .op=="write-file") | .path] | sort | join(",")' \
  "$NMC/backend.nmconnection,$NS/ifcfg-eth0,/etc/systemd/network/10-v2v-fixup-virtio-net.link,/etc/systemd/network/10-xen.network,/etc/udev/rules.d/70-persistent-net.rules"

check_initramfs_virtio "$rb/initrd"
finish
