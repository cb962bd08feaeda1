#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian 12 as it comes from Xen (tests/fixtures/linux/build-linux.sh):
# xvda names, console hvc0, an initramfs with Xen drivers only, the xe
# agents and Xen-only module aliases. Fix a copy; read everything back in
# on the host (debugfs); the initramfs must list the virtio drivers; a
# second run changes nothing. The guest's second disk (/srv in its fstab,
# /dev/xvdb1) is made here on the host and given with --disk: it is
# mounted for inspection and its fstab line moves to its UUID. Then the
# fixed guest boots under qemu from virtio disks with a virtio NIC, to a
# login prompt and a DHCP lease. Launches: fix, second run; one boot.
. "$(dirname "$0")/lib.sh"
. "$FIXTURES/linux-xen.env"
K=$DEBIAN_KVER

img=$(copy_fixture "$DEBIAN_IMG")
orig=$(sum "$img")

# The data disk: MBR, ext4 on partition 1 (fixed UUID, a file in it),
# partition 2 the crypttab's LUKS volume (left empty: noauto).
DATA_UUID=5d1a7a00-0000-4000-8000-00000000d15c
data=$WORK/debian12-xen-data.img
mkdir -p "$WORK/srv"
echo "kept" >"$WORK/srv/marker"
truncate -s 64M "$data"
printf 'label: dos\nlabel-id: 0x5e7a1d01\nunit: sectors\nstart=2048, size=81920, type=83\nstart=83968, size=20480, type=83\n' |
  sfdisk --quiet --no-reread --no-tell-kernel "$data" >/dev/null
mke2fs -q -F -t ext4 -U "$DATA_UUID" -E offset=$((2048 * 512)) -d "$WORK/srv" "$data" 40960k

phase "fixing the guest (one appliance launch; the guest rebuilds its initramfs)"
check_run "fix" 0 --report "$WORK/fix.json" --disk "$data" "$img"
r="$WORK/fix.json"
jq_eq "two disks read" "$r" '[.input.disks[] | "\(.file) \(.format) \(.boot)"] | join(",")' \
  "$img raw true,$data raw false"
jq_eq "the data disk mounted where its fstab says" "$r" \
  '[.guest.linux.mounts[] | select(startswith("/srv "))] | join(",")' "/srv /dev/sdb1"
jq_eq "result" "$r" .result fixed
jq_eq "type" "$r" .guest.type linux
jq_eq "distro" "$r" '"\(.guest.distro) \(.guest.major)"' "debian 12"
jq_eq "family" "$r" .guest.linux.family debian
jq_eq "root mounted at /" "$r" '.guest.linux.mounts[0]' "/ /dev/sda1"
jq_eq "boot loader" "$r" '"\(.guest.linux.bootloader) \(.guest.linux.boot_config) \(.guest.linux.grub_mkconfig)"' \
  "grub2 /boot/grub/grub.cfg update-grub"
jq_eq "initramfs tool" "$r" .guest.linux.initramfs_tool update-initramfs
jq_eq "one kernel, with its initramfs" "$r" \
  '[.guest.linux.kernels[] | "\(.version) \(.initramfs) \(.xen_only)"] | join(",")' \
  "$K /boot/initrd.img-$K false"
jq_eq "virtio drivers of the Debian kernel are modules" "$r" \
  '.guest.linux.kernels[0].virtio | [.virtio_pci, .virtio_blk, .virtio_scsi, .virtio_net] | join(",")' \
  "module,module,module,module"
jq_eq "initramfs rebuilt with the guest's tool, for the new configuration" "$r" \
  '[.plan[] | select(.op=="run-command" and .fixup=="linux-initramfs") | "\(.command) | \(.why)"] | join(";")' \
  "update-initramfs -u -k $K | initramfs of $K: made again for its changed configuration (virtio drivers)"
jq_eq "grub config regenerated last, with the guest's tool" "$r" '.plan[-1] | "\(.op) \(.command)"' \
  "run-command update-grub"
jq_eq "every edited file backed up first" "$r" \
  '[.plan[] | select(.op=="write-file") | .path] as $w
   | [.plan[] | select(.op=="copy-file") | .path | ltrimstr("/var/lib/v2v-fixup/backup")] as $b
   | ($w - $b - ["/etc/systemd/network/10-v2v-fixup-virtio-net.link"]) | length' 0
jq_eq "applied changes reported, commands run in the guest among them" "$r" \
  '"\(.applied) \([.plan[] | select(.op=="run-command") | .command] | join(","))"' \
  "true update-initramfs -u -k $K,update-grub"
jq_eq "agents disabled" "$r" \
  '[.plan[] | select(.fixup=="linux-xen-agents") | .path] | sort | join(",")' \
  "/etc/systemd/system/multi-user.target.wants/xe-daemon.service,/etc/systemd/system/multi-user.target.wants/xe-linux-distribution.service"
check "image changed" test "$(sum "$img")" != "$orig"
fixed=$(sum "$img")

phase "second run: must change nothing"
check_run "second run" 0 --report "$WORK/again.json" --disk "$data" "$img"
jq_eq "second run result" "$WORK/again.json" .result nothing-to-do
jq_eq "second run plans nothing" "$WORK/again.json" '.plan | length' 0
check_eq "second run writes nothing" "$(sum "$img")" "$fixed"

phase "reading the fixed guest back on the host (debugfs)"
# Read back on the host, no launch: debugfs opens the root filesystem inside
# the raw image at its partition offset.
rb=$WORK/rb
mkdir -p "$rb"
W=/etc/systemd/system
files=(/etc/fstab /etc/crypttab /etc/default/grub /boot/grub/grub.cfg /etc/inittab
  /etc/securetty /etc/modprobe.d/xen-pv.conf /etc/initramfs-tools/modules
  /etc/initramfs-tools/conf.d/resume /var/lib/v2v-fixup/backup/etc/fstab
  /var/lib/v2v-fixup/backup/etc/default/grub /etc/systemd/network/10-xen.network
  /etc/systemd/network/10-v2v-fixup-virtio-net.link /etc/systemd/network/10-xen-nic.link
  /var/lib/v2v-fixup/backup/etc/systemd/network/10-xen-nic.link)
root_fs="$img?offset=$(sfdisk -J "$img" | jq '.partitiontable.partitions[0].start * 512')"
{
  for f in "${files[@]}"; do echo "dump $f $rb/$(tr / _ <<<"$f")"; done
  echo "dump /boot/initrd.img-$K $rb/initrd"
} >"$rb/cmds"
debugfs -f "$rb/cmds" "$root_fs" >"$rb/debugfs.log" 2>&1
# "ls -p" lines are /inode/mode/uid/gid/name/size/.
names() { debugfs -R "ls -p $1" "$root_fs" 2>/dev/null | awk -F/ 'NF > 5 && $6 !~ /^\.\.?$/ {print $6}'; }
names $W/multi-user.target.wants >"$rb/multi-user.wants"
names $W/getty.target.wants >"$rb/getty.wants"
debugfs -R "stat $W/getty.target.wants/serial-getty@ttyS0.service" "$root_fs" 2>/dev/null |
  sed -n 's/^Fast link dest: "\(.*\)"$/\1/p' >"$rb/ttyS0.link"
check "read-back ran" test -s "$rb/initrd"
f() { cat "$rb/$(tr / _ <<<"$1")" 2>/dev/null; }

U=$DEBIAN_ROOT_UUID S=$DEBIAN_SWAP_UUID
check_eq "fstab root" "$(f /etc/fstab | awk '$2=="/" {print $1}')" "UUID=$U"
check_eq "fstab swap" "$(f /etc/fstab | awk '$3=="swap" {print $1}')" "UUID=$S"
check_eq "fstab second disk: its filesystem's UUID" "$(f /etc/fstab | awk '$2=="/srv" {print $1}')" "UUID=$DATA_UUID"
check_eq "crypttab: no filesystem there, the new name" "$(f /etc/crypttab | awk '$1=="secret" {print $2}')" /dev/vdb2
check_eq "the data disk's files are intact" \
  "$(debugfs -R 'cat /marker' "$data?offset=$((2048 * 512))" 2>/dev/null)" kept
check_eq "grub defaults" "$(f /etc/default/grub | grep '^GRUB_CMDLINE_LINUX=')" \
  "GRUB_CMDLINE_LINUX=\"root=UUID=$U console=ttyS0 resume=UUID=$S\""
check_eq "grub defaults: UUIDs on" "$(f /etc/default/grub | grep '^GRUB_DISABLE_LINUX_UUID=')" \
  GRUB_DISABLE_LINUX_UUID=false
check "grub.cfg regenerated: root by UUID, ttyS0" grep -q "linux.*/boot/vmlinuz-$K root=UUID=$U ro .*console=ttyS0" "$rb/_boot_grub_grub.cfg"
check "grub.cfg: no Xen device or console left" bash -c "! grep -qE 'xvd|hvc0|/dev/sd' '$rb/_boot_grub_grub.cfg'"
check_eq "resume" "$(f /etc/initramfs-tools/conf.d/resume)" "RESUME=UUID=$S"
check "inittab getty on ttyS0" grep -q '^co:2345:respawn:/sbin/getty -L ttyS0 9600 vt102$' "$rb/_etc_inittab"
check_eq "securetty" "$(f /etc/securetty | tr '\n' ' ')" "console tty1 ttyS0 "
check "hvc0 getty gone, ttyS0 getty enabled" bash -c "! grep -q hvc0 '$rb/getty.wants' && grep -qx 'serial-getty@ttyS0.service' '$rb/getty.wants'"
check_eq "ttyS0 getty links the same unit" "$(cat "$rb/ttyS0.link")" /lib/systemd/system/serial-getty@.service
check "xe agents no longer wanted" bash -c "! grep -q '^xe-' '$rb/multi-user.wants'"
check_eq "Xen-only aliases disabled, other lines kept" "$(f /etc/modprobe.d/xen-pv.conf | grep -v '^# Xen PV' | tr '\n' '|')" \
  "# Xen only, disabled by v2v-fixup: alias scsi_hostadapter xen-blkfront|# Xen only, disabled by v2v-fixup: alias eth0 xen-netfront|options loop max_loop=16|"
for m in virtio_pci virtio_blk virtio_scsi sd_mod; do
  check "initramfs-tools modules list $m" grep -qx "$m" "$rb/_etc_initramfs-tools_modules"
done
check "backup of fstab is the Xen original" grep -q '^/dev/xvda1 ' "$rb/_var_lib_v2v-fixup_backup_etc_fstab"
check "backup of grub defaults is the Xen original" grep -q 'console=hvc0' "$rb/_var_lib_v2v-fixup_backup_etc_default_grub"

# The network: networkd matched enX0 (xen-netfront's name), a .link pinned
# it to the Xen MAC; on KVM the virtio NIC keeps the kernel's eth0.
check_eq "networkd: enX0 -> eth0" "$(f /etc/systemd/network/10-xen.network | grep '^Name=')" Name=eth0
check "networkd: DHCP kept" grep -qx 'DHCP=ipv4' "$rb/_etc_systemd_network_10-xen.network"
check "the MAC-pinning .link is gone, kept as a backup" bash -c \
  "! test -e '$rb/_etc_systemd_network_10-xen-nic.link' && grep -qx 'Name=enX0' '$rb/_var_lib_v2v-fixup_backup_etc_systemd_network_10-xen-nic.link'"
check "virtio NICs keep the kernel's names" bash -c \
  "grep -qx 'Driver=virtio_net' '$rb/_etc_systemd_network_10-v2v-fixup-virtio-net.link' && grep -qx 'NamePolicy=kernel' '$rb/_etc_systemd_network_10-v2v-fixup-virtio-net.link'"
jq_eq "the rebinding is said" "$r" '[.warnings[] | select(test("^network: 2 configuration files rebound to the virtio NIC: enX0 -> eth0"))] | length' 1

check_initramfs_virtio "$rb/initrd"
check "new initramfs resumes from the swap UUID" bash -c "lsinitramfs '$rb/initrd' >/dev/null && unmkinitramfs '$rb/initrd' '$rb/unpacked' && grep -rqs 'RESUME=UUID=$S' '$rb/unpacked'"

phase "booting the fixed guest as KVM would run it (virtio disks and NIC, under TCG)"
# The proof that counts: from virtio disks to a login prompt on ttyS0, the
# data disk mounted by its UUID, and the Xen-era network config (enX0,
# pinned to the Xen MAC) bringing up the virtio NIC with a DHCP lease.
serial=$WORK/boot.serial
read -r verdict took < <(BOOT_ALSO='eth0: DHCPv4 address' \
  "$(dirname "$0")/../boot-guest.sh" "$serial" 600 "$img" "$data")
phase "boot: $verdict after $took s"
check_eq "boots to a login prompt on ttyS0" "$verdict" userspace
check "the virtio NIC got its lease (qemu's DHCP)" \
  grep -qaE 'eth0: DHCPv4 address 10\.0\.2\.15/24' "$serial"
check "the data disk mounted on /srv" grep -qaE 'Mounted srv\.mount' "$serial"
check "no emergency shell, no failed mount" bash -c \
  "! grep -qaE 'emergency mode|Failed to mount|Dependency failed' '$serial'"
finish
