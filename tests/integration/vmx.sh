#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A VMware VM's folder in, a KVM-ready guest and its domain out: a .vmx as
# ESXi writes it, the system disk a monolithicFlat descriptor with its
# -flat.vmdk and a Workstation-style split sparse snapshot on top (a marker
# written into the snapshot layer must come out), a sparse data disk on
# SATA, a CD-ROM whose ISO lies outside the folder (never opened: strace),
# a NIC hidden by present = "FALSE". --keep-devices keeps LSI Logic, SATA,
# e1000 and vmxnet3. One appliance launch. Then folders that reach out of
# themselves, loop, miss a disk or hold a suspended VM, each refused on
# the host with one error line, nothing written, the outside file never
# opened.
#
# The guest comes from the fixture whose layout.env prefix is VMX_SOURCE
# (default WIN2016, the phony Windows Server 2016 from ESXi with VMware
# Tools, which must go): point it at another phony guest to run the same
# checks on it.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
private_tmpdir
SOURCE=${VMX_SOURCE:-WIN2016}
img_var=${SOURCE}_IMG product_var=${SOURCE}_PRODUCT p1_var=${SOURCE}_P1_START
label_var=${SOURCE}_LABEL
IMG=${!img_var:?no ${SOURCE}_IMG in $FIXTURES/layout.env}
PRODUCT=${!product_var}
case $PRODUCT in
  *Windows*) guest_os=windows7srv-64 family=windows ;;
  *) guest_os=other4xlinux-64 family=linux ;;
esac
firmware_line=
[ "${!label_var}" = gpt ] && firmware_line='firmware = "efi"'
# The markers sit in the gap before the first partition (MBR or GPT).
marker_at=524288
[ "${!p1_var}" -ge 1048576 ] || { echo "vmx: $IMG: partition 1 starts before 1 MiB" >&2; exit 1; }

# Files only a hostile folder names: nothing may open them.
outside=$WORK/outside
mkdir -p "$outside"
secret=$outside/host-secret.vmdk
printf 'not guest data\n' >"$secret"
iso=$outside/install.iso
printf 'an ISO outside the folder\n' >"$iso"

NEVER_OPENED=("$secret" "$iso")
# refused DESCRIPTION STATUS PATTERN ARGS...: lib.sh's traced (STATUS, one
# error line, neither outside file opened by the tool or a child), and
# nothing written.
refused() {
  traced "$@"
  check "$1: no output" test ! -e "$WORK/refused.qcow2"
  check "$1: no scratch left" scratch_empty
}

echo "vmx: building a VMware folder from $IMG"
vm=$WORK/vm
mkdir -p "$vm"
cp --sparse=always "$FIXTURES/$IMG" "$vm/guest-flat.vmdk"
sectors=$(($(stat -c %s "$vm/guest-flat.vmdk") / 512))
printf '\x11%.0s' $(seq 4096) | dd of="$vm/guest-flat.vmdk" bs=1 seek=$marker_at \
  conv=notrunc status=none
cat >"$vm/guest.vmdk" <<VMDK
# Disk DescriptorFile
version=1
encoding="UTF-8"
CID=5eed2008
parentCID=ffffffff
isNativeSnapshot="no"
createType="monolithicFlat"

# Extent description
RW $sectors FLAT "guest-flat.vmdk" 0

# The Disk Data Base
#DDB

ddb.adapterType = "lsilogic"
ddb.geometry.cylinders = "$((sectors / 16065))"
ddb.geometry.heads = "255"
ddb.geometry.sectors = "63"
ddb.longContentID = "8f3b0c2a19e4d7c6b5a4f3e25eed2008"
ddb.virtualHWVersion = "13"
VMDK
# The snapshot, split sparse as Workstation writes it; qemu-img writes
# the parent's CID and name into its descriptor: checked, as the chain
# depends on both.
(cd "$vm" && qemu-img create -q -f vmdk -o subformat=twoGbMaxExtentSparse \
  -b guest.vmdk -F vmdk guest-000001.vmdk) || exit 1
check "snapshot descriptor names its parent" grep -q '^parentFileNameHint="guest.vmdk"$' "$vm/guest-000001.vmdk"
check "snapshot descriptor has the parent's CID" grep -q '^parentCID=5eed2008$' "$vm/guest-000001.vmdk"
check "snapshot data in its own extent" test -f "$vm/guest-000001-s001.vmdk"
(cd "$vm" && qemu-io -f vmdk -c "write -P 0x5a $marker_at 4096" guest-000001.vmdk >/dev/null) || exit 1
# A sparse data disk (one file, its descriptor embedded).
qemu-img create -q -f vmdk "$vm/data.vmdk" 64M
qemu-io -f vmdk -c "write -P 0x6b 1M 64k" "$vm/data.vmdk" >/dev/null || exit 1
printf '.encoding = "UTF-8"\nsnapshot.lastUID = "1"\nsnapshot.numSnapshots = "1"\n' >"$vm/guest.vmsd"
printf 'nvram' >"$vm/guest.nvram"
cat >"$vm/guest.vmx" <<VMX
.encoding = "UTF-8"
config.version = "8"
virtualHW.version = "13"
vmci0.present = "TRUE"
floppy0.present = "FALSE"
numvcpus = "4"
cpuid.coresPerSocket = "2"
memSize = "3072"
$firmware_line
sched.cpu.units = "mhz"
scsi0.virtualDev = "lsilogic"
scsi0.present = "TRUE"
scsi0:0.deviceType = "scsi-hardDisk"
scsi0:0.fileName = "guest-000001.vmdk"
sched.scsi0:0.shares = "normal"
scsi0:0.present = "TRUE"
sata0.present = "TRUE"
sata0:1.fileName = "data.vmdk"
sata0:1.present = "TRUE"
ide1:0.deviceType = "cdrom-image"
ide1:0.fileName = "$iso"
ide1:0.present = "TRUE"
ethernet0.virtualDev = "e1000"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "static"
ethernet0.address = "00:50:56:3F:12:34"
ethernet0.present = "TRUE"
ethernet1.virtualDev = "vmxnet3"
ethernet1.networkName = "Backup"
ethernet1.addressType = "generated"
ethernet1.generatedAddress = "00:0c:29:aa:bb:01"
ethernet1.present = "FALSE"
ethernet2.virtualDev = "vmxnet3"
ethernet2.networkName = "Storage"
ethernet2.addressType = "vpx"
ethernet2.generatedAddress = "00:50:56:a0:01:02"
ethernet2.present = "TRUE"
displayName = "ESXi |22w2k8r2|22 guest"
guestOS = "$guest_os"
nvram = "guest.nvram"
uuid.bios = "42 20 fc a7 11 dd d6 7e-19 cc fc ad 0a 37 c3 42"
annotation = "moved from ESXi|0Aline two"
cleanShutdown = "TRUE"
VMX
folder_sums=$(cd "$vm" && sha256sum ./*)

echo "vmx: fixing it (one appliance launch, traced)"
out=$WORK/conv/guest.qcow2
mkdir -p "$WORK/conv"
r=$WORK/r.json
x=$WORK/conv/guest.xml
t0=$SECONDS
strace -f --seccomp-bpf -qq -e trace=open,openat,creat -o "$WORK/trace-good" \
  "$V2V" -o "$out" --libvirt-xml "$x" --keep-devices --report "$r" \
  --virtio-win "$VIRTIO_FIXTURE/virtio-win.iso" "$vm/guest.vmx" \
  >"$WORK/out" 2>"$WORK/err"
status=$?
echo "vmx: [${SECONDS}s] v2v-fixup -> exit $status ($((SECONDS - t0))s)"
check_eq "fix the .vmx: exit status" "$status" 0
[ "$status" -eq 0 ] || cat "$WORK/err" >&2
check "the ISO outside the folder is never opened" bash -c "! grep -qF '$iso' '$WORK/trace-good'"
check "nothing outside the folder is opened" bash -c "! grep -qF '$outside' '$WORK/trace-good'"
check "the snapshot's parent is read (qemu follows the chain we give)" \
  grep -qF "$vm/guest-flat.vmdk" "$WORK/trace-good"
check_eq "the folder is unchanged" "$(cd "$vm" && sha256sum ./*)" "$folder_sums"
check "scratch removed" scratch_empty

jq_eq "result" "$r" .result fixed
check_schema "the report follows doc/report.schema.json" "$r"
jq_eq "one launch" "$r" .run.appliance_launches 1
jq_eq "input kind" "$r" .input.package.kind vmx
jq_eq "descriptor" "$r" .input.package.descriptor guest.vmx
jq_eq "two disks" "$r" '.input.disks | length' 2
jq_eq "boot disk: the snapshot, its chain resolved" "$r" '.input.disks[0].chain | join(",")' \
  "guest-000001.vmdk,guest.vmdk"
jq_eq "boot disk's controller" "$r" '.input.disks[0] | "\(.controller) \(.bus) \(.unit)"' "lsilogic 0 0"
jq_eq "data disk on SATA unit 1" "$r" '.input.disks[1] | "\(.file) \(.controller) \(.unit) \(.chain | length)"' \
  "data.vmdk sata 1 1"
jq_eq "capacity from the descriptor" "$r" '.input.disks[0].capacity' "$((sectors * 512))"
jq_eq "vCPUs, cores, memory" "$r" '.input.package | "\(.vcpus) \(.cores_per_socket) \(.memory_mib)"' "4 2 3072"
jq_eq "guest OS hint" "$r" '.input.package | "\(.guest_os) \(.guest_os_family)"' "$guest_os $family"
jq_eq "name with |22 escapes" "$r" .input.package.name 'ESXi "w2k8r2" guest'
jq_eq "CD-ROM left out" "$r" '[.input.package.ignored[] | select(startswith("ide1:0: CD-ROM"))] | length' 1
jq_eq "hidden NIC left out" "$r" '[.input.package.ignored[] | select(. == "ethernet1: not present")] | length' 1
jq_eq "snapshot list not read" "$r" '[.input.package.ignored[] | select(startswith("guest.vmsd"))] | length' 1
jq_eq "NICs present" "$r" '[.input.package.nics[] | "\(.model) \(.mac)"] | join(",")' \
  "e1000 00:50:56:3f:12:34,vmxnet3 00:50:56:a0:01:02"
jq_eq "the snapshot is said" "$r" '[.warnings[] | select(test("scsi0:0 runs on a snapshot"))] | length' 1
jq_eq "no guest OS mismatch" "$r" '[.warnings[] | select(test("describes a"))] | length' 0
jq_eq "guest inspected" "$r" .guest.product_name "$PRODUCT"
case $IMG in *vmware*)
  jq_eq "VMware Tools found in the guest" "$r" '(.guest.vmware_components | length) > 0' true
  jq_eq "VMware Tools removed by its fix-up" "$r" \
    '[.plan[] | select(.fixup == "vmware-tools-removal")] | length > 0' true
  jq_eq "all applied" "$r" .applied true ;;
esac

check "domain XML is valid" virt-xml-validate "$x" domain
check "libvirt takes the domain (test driver)" \
  bash -c "virsh -c test:///default define '$x' >/dev/null"
check_eq "name from displayName" "$(xp "$x" /domain/name)" 'ESXi "w2k8r2" guest'
check_eq "vCPUs" "$(xp "$x" /domain/vcpu)" 4
check_eq "topology" "$(xp "$x" "concat(/domain/cpu/topology/@sockets,'x',/domain/cpu/topology/@cores)")" 2x2
check_eq "memory" "$(xp "$x" "concat(/domain/memory,' ',/domain/memory/@unit)")" "3072 MiB"
if [ -n "$firmware_line" ]; then
  check_eq "UEFI from firmware = efi" "$(xp "$x" /domain/os/@firmware)" efi
else
  check_eq "BIOS: no firmware = efi" "$(xp "$x" "count(/domain/os/@firmware)")" 0
fi
check_eq "two NICs (one hidden)" "$(xp "$x" "count(/domain/devices/interface)")" 2
check_eq "static MAC" "$(xp "$x" "/domain/devices/interface[1]/mac/@address")" 00:50:56:3f:12:34
check_eq "vpx MAC" "$(xp "$x" "/domain/devices/interface[2]/mac/@address")" 00:50:56:a0:01:02
check_eq "--keep-devices: e1000 kept" "$(xp "$x" "/domain/devices/interface[1]/model/@type")" e1000
check_eq "--keep-devices: vmxnet3 kept" "$(xp "$x" "/domain/devices/interface[2]/model/@type")" vmxnet3
check_eq "--keep-devices: boot disk on SCSI" "$(xp "$x" "/domain/devices/disk[1]/target/@bus")" scsi
check_eq "--keep-devices: LSI Logic controller" "$(xp "$x" "/domain/devices/controller[@type='scsi']/@model")" lsilogic
check_eq "--keep-devices: data disk on SATA" "$(xp "$x" "/domain/devices/disk[2]/target/@bus")" sata

# What the snapshot holds wins over its base (0x11 there); the data disk
# comes whole.
holds() { qemu-io -r -f qcow2 -c "read -P $2 $3 $4" "$1" >/dev/null; } # QCOW2 BYTE OFFSET LEN
check "the output holds the snapshot's marker" holds "$out" 0x5a "$marker_at" 4096
check "the data disk holds its marker" holds "$WORK/conv/guest-disk2.qcow2" 0x6b 1M 64k
check_eq "system disk as large as the flat extent" \
  "$(qemu-img info --output=json "$out" | jq '."virtual-size"')" "$((sectors * 512))"

echo "vmx: refused folders (no launch)"
# tiny_disk DIR STEM CID [PARENT_CID PARENT]: a small monolithicFlat disk.
tiny_disk() {
  printf '# Disk DescriptorFile\nversion=1\nCID=%s\nparentCID=%s\ncreateType="monolithicFlat"\n%s\nRW 2048 FLAT "%s-flat.vmdk" 0\n' \
    "$3" "${4:-ffffffff}" "${5:+parentFileNameHint=\"$5\"}" "$2" >"$1/$2.vmdk"
  truncate -s 1M "$1/$2-flat.vmdk"
}
# bad_vmx NAME FILENAME: a folder NAME whose .vmx names FILENAME on scsi0:0.
bad_vmx() {
  mkdir -p "$WORK/$1"
  sed "s|^scsi0:0.fileName = .*|scsi0:0.fileName = \"$2\"|; /^sata0:1/d" \
    "$vm/guest.vmx" >"$WORK/$1/guest.vmx"
}
bad_vmx dotdot "../outside/host-secret.vmdk"
refused "fileName with .." 1 'guest.vmx: scsi0:0: "../outside/host-secret.vmdk" is outside the VM'"'"'s folder' \
  -o "$WORK/refused.qcow2" "$WORK/dotdot/guest.vmx"
bad_vmx etc "../../etc/passwd"
refused "fileName ../../etc/passwd" 1 '"../../etc/passwd" is outside the VM'"'"'s folder' \
  -o "$WORK/refused.qcow2" "$WORK/etc/guest.vmx"
bad_vmx absolute "$secret"
refused "absolute fileName outside" 1 "\"$secret\" is outside the VM's folder" \
  -o "$WORK/refused.qcow2" "$WORK/absolute/guest.vmx"
bad_vmx extent guest.vmdk
printf '# Disk DescriptorFile\nCID=1\nparentCID=ffffffff\ncreateType="monolithicFlat"\nRW 8 FLAT "../outside/host-secret.vmdk" 0\n' \
  >"$WORK/extent/guest.vmdk"
refused "extent out of the folder" 1 'guest.vmdk names the extent file "../outside/host-secret.vmdk", not a plain file beside it' \
  -o "$WORK/refused.qcow2" "$WORK/extent/guest.vmx"
bad_vmx parent snap.vmdk
tiny_disk "$WORK/parent" snap 2 1 "$secret"
refused "snapshot parent out of the folder" 1 "the parent of the snapshot snap.vmdk, \"$secret\" is outside" \
  -o "$WORK/refused.qcow2" "$WORK/parent/guest.vmx"
bad_vmx loop a.vmdk
tiny_disk "$WORK/loop" a 1 2 b.vmdk
tiny_disk "$WORK/loop" b 2 1 a.vmdk
refused "loop in parent hints" 1 "its snapshot chain loops: b.vmdk names a.vmdk as its parent" \
  -o "$WORK/refused.qcow2" "$WORK/loop/guest.vmx"
bad_vmx missing gone.vmdk
refused "missing disk" 1 "guest.vmx: scsi0:0: gone.vmdk is not in the VM's folder" \
  -o "$WORK/refused.qcow2" "$WORK/missing/guest.vmx"
bad_vmx link guest.vmdk
ln -s "$secret" "$WORK/link/guest.vmdk"
refused "disk that is a link out" 1 "guest.vmdk is a link: only plain files" \
  -o "$WORK/refused.qcow2" "$WORK/link/guest.vmx"
bad_vmx suspended guest.vmdk
tiny_disk "$WORK/suspended" guest 1
printf 'saved state' >"$WORK/suspended/guest-5f1a.vmss"
refused "suspended VM" 3 "cannot fix .*guest.vmx offline: the VM's folder holds guest-5f1a.vmss, the saved state of a suspended VM" \
  -o "$WORK/refused.qcow2" --report "$WORK/suspended.json" "$WORK/suspended/guest.vmx"
jq_eq "suspended: reported as refused" "$WORK/suspended.json" .result refused
jq_eq "suspended: no launch" "$WORK/suspended.json" .run.appliance_launches 0
check_schema "suspended: the report follows the schema" "$WORK/suspended.json"
rm "$WORK/suspended/guest-5f1a.vmss"
printf 'checkpoint.vmState = "guest-5f1a.vmss"\n' >>"$WORK/suspended/guest.vmx"
refused "suspended VM (checkpoint.vmState)" 3 "the VM is suspended (checkpoint.vmState" \
  -o "$WORK/refused.qcow2" "$WORK/suspended/guest.vmx"
refused "a .vmx is not fixed in place" 1 "guest.vmx is a VMware .vmx, which is not fixed in place" \
  "$vm/guest.vmx"
refused "--keep-devices needs -o" 2 "--keep-devices describes the output's devices: it needs --output" \
  --keep-devices "$vm/guest.vmx"
check_eq "the good folder is still unchanged" "$(cd "$vm" && sha256sum ./*)" "$folder_sums"

finish
