#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian 12 as it comes from ESXi (tests/fixtures/linux/variant-vmware.sh):
# open-vm-tools enabled by its own package scripts, the tar installer's
# vmware-tools script left behind, sda names, VMware module aliases, an
# initramfs with vmw_pvscsi and vmxnet3 but no virtio, networkd on ens192.
# It comes in as ESXi keeps it, a VM folder (.vmx, a monolithicFlat
# descriptor and its -flat.vmdk), and goes out as a raw image and a
# libvirt domain; the folder stays as it was. The output is read back on
# the host (debugfs). One launch: the run's own verification re-plans (the
# Xen Debian test does the second run).
. "$(dirname "$0")/lib.sh"
. "$FIXTURES/linux-xen.env"
K=$DEBIAN_KVER U=$VMWARE_ROOT_UUID S=$VMWARE_SWAP_UUID
W=/etc/systemd/system

vm=$WORK/vm
mkdir -p "$vm"
cp --sparse=always "$FIXTURES/$VMWARE_IMG" "$vm/debian12-flat.vmdk"
orig=$(sum "$vm/debian12-flat.vmdk")
sectors=$(($(stat -c %s "$vm/debian12-flat.vmdk") / 512))
cat >"$vm/debian12.vmdk" <<VMDK
# Disk DescriptorFile
version=1
encoding="UTF-8"
CID=5e7a1d02
parentCID=ffffffff
createType="monolithicFlat"

# Extent description
RW $sectors FLAT "debian12-flat.vmdk" 0

# The Disk Data Base
#DDB

ddb.adapterType = "lsilogic"
ddb.virtualHWVersion = "19"
VMDK
cat >"$vm/debian12.vmx" <<VMX
.encoding = "UTF-8"
config.version = "8"
virtualHW.version = "19"
displayName = "debian12"
guestOS = "debian12-64"
numvcpus = "2"
memsize = "2048"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "debian12.vmdk"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "generated"
ethernet0.generatedAddress = "00:0c:29:5e:7a:1d"
VMX
img=$WORK/fixed.img

phase "fixing the guest from its VM folder (one appliance launch; the guest rebuilds its initramfs)"
check_run "fix" 0 -o "$img" --libvirt-xml "$WORK/dom.xml" --report "$WORK/fix.json" "$vm/debian12.vmx"
r="$WORK/fix.json"
jq_eq "read from the .vmx" "$r" '"\(.input.package.kind) \(.input.package.guest_os)"' "vmx debian12-64"
check_eq "the VM folder as it was" "$(sum "$vm/debian12-flat.vmdk")" "$orig"
check "domain XML is valid" virt-xml-validate "$WORK/dom.xml" domain
check_eq "domain: the .vmx's vCPUs, memory and MAC" \
  "$(xp "$WORK/dom.xml" "concat(/domain/vcpu,' ',/domain/memory,' ',/domain/devices/interface/mac/@address)")" \
  "2 2048 00:0c:29:5e:7a:1d"
check_schema "report follows the schema" "$r"
jq_eq "result" "$r" .result fixed
jq_eq "distro" "$r" '"\(.guest.distro) \(.guest.major) \(.guest.linux.family)"' "debian 12 debian"
jq_eq "VMware Tools' services disabled: the links its package and the tar installer made" "$r" \
  '[.plan[] | select(.fixup=="linux-vmware-tools") | .path] | sort | join(",")' \
  "$(printf '%s\n' /etc/rc{0,1,6}.d/K01open-vm-tools /etc/rc{2,3,4,5}.d/S01open-vm-tools \
      /etc/rc{0,1,6}.d/K01vmware-tools /etc/rc{2,3,4,5}.d/S03vmware-tools \
      "$W/multi-user.target.wants/open-vm-tools.service" "$W/multi-user.target.wants/run-vmblock\\x2dfuse.mount" \
      "$W/open-vm-tools.service.requires/vgauth.service" | LC_ALL=C sort | paste -sd,)"
jq_eq "every one said to be VMware's" "$r" \
  '[.plan[] | select(.fixup=="linux-vmware-tools") | .why | test("^disable VMware Tools service .* \\(it only works on VMware\\)$")] | unique | join(",")' true
jq_eq "no Xen agent or console to fix" "$r" \
  '[.plan[] | select(.fixup=="linux-xen-agents" or .fixup=="linux-console")] | length' 0
jq_eq "initramfs rebuilt for the lacking virtio drivers" "$r" \
  '[.plan[] | select(.op=="run-command" and .fixup=="linux-initramfs") | "\(.command) | \(.why)"] | join(";")' \
  "update-initramfs -u -k $K | initramfs of $K: made again for its changed configuration (virtio drivers)"
jq_eq "grub config regenerated last" "$r" '.plan[-1] | "\(.op) \(.command)"' "run-command update-grub"
jq_eq "every edited file backed up first" "$r" \
  '[.plan[] | select(.op=="write-file") | .path] as $w
   | [.plan[] | select(.op=="copy-file") | .path | ltrimstr("/var/lib/v2v-fixup/backup")] as $b
   | ($w - $b - ["/etc/systemd/network/10-v2v-fixup-virtio-net.link"]) | length' 0
check "the output holds the changes" test "$(sum "$img")" != "$orig"

phase "reading the fixed guest back on the host (debugfs)"
rb=$WORK/rb
mkdir -p "$rb"
fs=$(ext_fs "$img" 1)
ext_dump "$fs" "$rb" /etc/fstab /etc/crypttab /etc/default/grub /boot/grub/grub.cfg \
  /etc/modprobe.d/vmware-hw.conf /etc/initramfs-tools/modules /etc/initramfs-tools/conf.d/resume \
  /etc/systemd/network/10-ens192.network /etc/vmware-tools/locations /etc/vmware-tools/tools.conf \
  /etc/init.d/vmware-tools /etc/init.d/open-vm-tools /var/lib/v2v-fixup/backup/etc/fstab \
  /var/lib/v2v-fixup/backup/etc/modprobe.d/vmware-hw.conf "/boot/initrd.img-$K"
ext_names "$fs" $W/multi-user.target.wants >"$rb/multi-user.wants"
ext_names "$fs" $W/open-vm-tools.service.requires >"$rb/requires"
for l in 0 1 2 3 4 5 6; do ext_names "$fs" /etc/rc$l.d; done >"$rb/rc"
ext_names "$fs" $W >"$rb/unitdir"
check "read-back ran" test -s "$rb/_boot_initrd.img-$K"
f() { cat "$rb/$(tr / _ <<<"$1")" 2>/dev/null; }

check_eq "fstab root" "$(f /etc/fstab | awk '$2=="/" {print $1}')" "UUID=$U"
check_eq "fstab swap" "$(f /etc/fstab | awk '$3=="swap" {print $1}')" "UUID=$S"
check_eq "fstab second disk (not in the image): sdb1 -> vdb1" "$(f /etc/fstab | awk '$2=="/srv" {print $1}')" /dev/vdb1
check_eq "crypttab" "$(f /etc/crypttab | awk '$1=="secret" {print $2}')" /dev/vdb2
check_eq "grub defaults" "$(f /etc/default/grub | grep '^GRUB_CMDLINE_LINUX=')" \
  "GRUB_CMDLINE_LINUX=\"root=UUID=$U resume=UUID=$S\""
check_eq "grub defaults: UUIDs on" "$(f /etc/default/grub | grep '^GRUB_DISABLE_LINUX_UUID=')" GRUB_DISABLE_LINUX_UUID=false
check "grub.cfg regenerated: root by UUID" grep -q "linux.*/boot/vmlinuz-$K root=UUID=$U ro" "$rb/_boot_grub_grub.cfg"
check "grub.cfg: no sd name left" bash -c "! grep -q '/dev/sd' '$rb/_boot_grub_grub.cfg'"
check_eq "resume" "$(f /etc/initramfs-tools/conf.d/resume)" "RESUME=UUID=$S"
check_eq "VMware aliases disabled, the option kept" \
  "$(f /etc/modprobe.d/vmware-hw.conf | grep -v '^# VMware virtual\|^# VMware.s queue' | tr '\n' '|')" \
  "# VMware only, disabled by v2v-fixup: alias scsi_hostadapter vmw_pvscsi|# VMware only, disabled by v2v-fixup: alias scsi_hostadapter1 mptspi|# VMware only, disabled by v2v-fixup: alias eth0 vmxnet3|# VMware only, disabled by v2v-fixup: alias eth1 vmxnet|options vmw_pvscsi cmd_per_lun=254 ring_pages=32|"
check "the aliases' original kept as a backup" grep -qx 'alias eth0 vmxnet3' "$rb/_var_lib_v2v-fixup_backup_etc_modprobe.d_vmware-hw.conf"
for m in virtio_pci virtio_blk virtio_scsi sd_mod; do
  check "initramfs-tools modules list $m" grep -qx "$m" "$rb/_etc_initramfs-tools_modules"
done
check "the VMware drivers stay in the list" grep -qx vmw_pvscsi "$rb/_etc_initramfs-tools_modules"
check "open-vm-tools no longer wanted, nor the vmblock mount" bash -c \
  "! grep -qE '^(open-vm-tools\\.service|run-vmblock)' '$rb/multi-user.wants'"
check "vgauth no longer required by open-vm-tools" bash -c "! grep -q vgauth '$rb/requires'"
check "networkd still wanted (not VMware's)" grep -qx systemd-networkd.service "$rb/multi-user.wants"
check "no rc link to open-vm-tools or vmware-tools left" bash -c "! grep -qE 'open-vm-tools|vmware-tools' '$rb/rc'"
check "the scripts and configuration stay for the operator" bash -c \
  "test -s '$rb/_etc_init.d_vmware-tools' && test -s '$rb/_etc_init.d_open-vm-tools' && test -s '$rb/_etc_vmware-tools_locations' && test -s '$rb/_etc_vmware-tools_tools.conf'"
check "the vmtoolsd alias link is left (nothing wants it)" grep -qx vmtoolsd.service "$rb/unitdir"
check_eq "networkd: ens192 -> eth0" "$(f /etc/systemd/network/10-ens192.network | grep '^Name=')" Name=eth0
check "networkd: the static address kept" grep -qx 'Address=10.20.30.50/24' "$rb/_etc_systemd_network_10-ens192.network"

lsinitramfs "$rb/_boot_initrd.img-$K" >"$rb/initrd.list" 2>"$rb/lsinitramfs.err"
for m in virtio_blk virtio_scsi virtio_pci; do
  check "new initramfs lists $m.ko" grep -qE "/$m\\.ko(\\.(xz|zst|gz))?\$" "$rb/initrd.list"
done
check "new initramfs keeps vmw_pvscsi" grep -q '/vmw_pvscsi\.ko' "$rb/initrd.list"
finish
