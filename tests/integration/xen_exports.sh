#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# XenServer / XCP-ng exports as their producers write them, in one package
# and one appliance launch: XenCenter's OVF (UTF-8 bytes under an
# encoding="utf-16" label, disks as ResourceType 19 Items with
# "diskId,device=N", the boot disk marked on its Disk, the data disk listed
# first, firmware in HVM_boot_params), the system disk a VHD as xapi's
# vhd-tool writes it (creator "caml", CHS geometry rounded down: qemu's
# default reading cuts the GPT's backup header off), a file name with a
# space (href percent-encoded), the package in a top-level folder of the
# tar and its manifest named VM.MF in coreutils' "SHA256 (f) = h" form.
# The data disk is split as ovftool splits large files (ovf:chunkSize,
# data.vhd.000000000...); its NIC goes on a bridge (--bridge), and the
# report carries the OpenStack / Proxmox / virt-install hints.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
here=$(cd "$(dirname "$0")" && pwd)
private_tmpdir

echo "xen_exports: building the export"
pkg=$WORK/export
mkdir -p "$pkg"
qemu-img convert -q -f raw -O vpc -o subformat=dynamic,force_size=on \
  "$FIXTURES/$WIN2019_IMG" "$pkg/Win 2019.vhd"
perl "$here/../fixtures/vhd-tool-footer.pl" "$pkg/Win 2019.vhd" caml
qemu-img create -q -f vpc "$WORK/data.vhd" 32M
qemu-io -f vpc -c 'write -P 0x44 1M 64k' "$WORK/data.vhd" >/dev/null
split -b 4096 -d -a 9 "$WORK/data.vhd" "$pkg/data.vhd."
check "the data disk is in several parts" test -e "$pkg/data.vhd.000000001"
sys_size=$(stat -c %s "$FIXTURES/$WIN2019_IMG")
# What qemu makes of it on its own: the tail is gone (this is the bug).
default_size=$(qemu-img info --output=json "$pkg/Win 2019.vhd" | jq '."virtual-size"')
check "qemu alone reads the caml VHD short" test "$default_size" -lt "$sys_size"
sed -e "s|@SYS_HREF@|Win%202019.vhd|; s|@DATA_HREF@|data.vhd|" \
    -e "s|@SYS_SIZE@|$(stat -c %s "$pkg/Win 2019.vhd")|; s|@DATA_SIZE@|$(stat -c %s "$WORK/data.vhd")\" ovf:chunkSize=\"4096|" \
    -e "s|@SYS_CAP@|$sys_size|; s|@DATA_CAP@|33554432|" \
    "$here/../unit/ovf/xencenter.ovf" >"$pkg/vm.ovf"
(cd "$pkg" && for f in vm.ovf "Win 2019.vhd" data.vhd.*; do sha256sum --tag "$f"; done) >"$pkg/VM.MF"
tar --format=ustar -C "$WORK" -cf "$WORK/xcp.ova" export

echo "xen_exports: fixing it (one appliance launch)"
out=$WORK/fixed/win.qcow2
mkdir -p "$WORK/fixed"
check_run "fix the XenCenter export" 0 -o "$out" --libvirt-xml "$WORK/fixed/win.xml" \
  --bridge "Pool-wide network associated with eth0=br0" \
  --report "$WORK/r.json" --virtio-win "$VIRTIO_FIXTURE/virtio-win.iso" "$WORK/xcp.ova"
check "the utf-16 label is reported" grep -q 'declares encoding "utf-16" but its bytes are UTF-8' "$WORK/err"
r=$WORK/r.json
jq_eq "result" "$r" .result fixed
check_schema "the report follows doc/report.schema.json" "$r"
jq_eq "manifest VM.MF found and checked" "$r" .input.package.manifest.digests \
  "$(($(ls "$pkg" | grep -c '^data.vhd.') + 2))"
jq_eq "boot disk is the system VHD (device=0, bootable)" "$r" '.input.disks[0].file' "Win 2019.vhd"
jq_eq "data disk second" "$r" '.input.disks[1].file' data.vhd
jq_eq "guest inspected" "$r" .guest.product_name "$WIN2019_PRODUCT"
check_eq "output as large as the VHD footer says" \
  "$(qemu-img info --output=json "$out" | jq '."virtual-size"')" "$sys_size"
check "the GPT backup header survives" bash -c \
  "qemu-io -f qcow2 -r -c 'read -v $((sys_size - 512)) 512' '$out' | grep -q 'EFI.PART'"
x=$WORK/fixed/win.xml
check "domain XML is valid" virt-xml-validate "$x" domain
check "libvirt takes the domain (test driver)" \
  bash -c "virsh -c test:///default define '$x' >/dev/null"
check_eq "UEFI from HVM_boot_params" "$(xp "$x" /domain/os/@firmware)" efi
check_eq "MAC kept" "$(xp "$x" /domain/devices/interface/mac/@address)" d6:2f:41:0a:9b:3c
check_eq "vCPUs from the OVF" "$(xp "$x" /domain/vcpu)" 2
check_eq "NIC on the bridge asked for" \
  "$(xp "$x" "concat(/domain/devices/interface/@type,' ',/domain/devices/interface/source/@bridge)")" "bridge br0"
check "the split data disk joined, unchanged" \
  qemu-img compare -q -f qcow2 -F vpc "$WORK/fixed/win-disk2.qcow2" "$WORK/data.vhd"
jq_eq "OpenStack hint: UEFI" "$r" .targets.openstack.properties.hw_firmware_type uefi
jq_eq "OpenStack hint: machine" "$r" .targets.openstack.properties.hw_machine_type q35
check "virt-install hint boots UEFI" \
  bash -c "jq -r .targets.virt_install '$r' | grep -q -- '--boot uefi'"
check "scratch removed" bash -c "[ -z \"\$(ls -A '$TMPDIR')\" ]"

finish
