#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# OVF packages in, a KVM-ready guest and its libvirt domain out: an OVA with
# a streamOptimized VMDK read in place and a VHD data disk (XenServer OVF,
# 4 vCPUs, 8 GiB), a second run on the result (as a VHD), then in one run a
# folder package with gzip disks and a VMware OVA (the guest from ESXi,
# VMware Tools removed), written as raw on virtio-scsi; tampered, XXE,
# truncated, incomplete and unsafe packages refused before any launch with
# nothing written. Three appliance launches.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
: "${OVA_FIXTURES:?built by tests/fixtures/make-ova.sh}"
VIRTIO=(--virtio-win "$VIRTIO_FIXTURE/virtio-win.iso")
# The scratch dir (overlays, unpacked disks) must be gone after each run;
# the appliance cache stays where it is shared.
private_tmpdir

cp "$OVA_FIXTURES"/{good,tampered,xxe}.ova "$WORK/"
cp -r "$OVA_FIXTURES/gzip" "$WORK/gzip"
ova=$WORK/good.ova
ova_sum=$(sum "$ova")

# xp FILE XPATH: the string value (xmllint prints nothing for no match).

# --- Refused before any launch, nothing written ----------------------------
refused() { # DESCRIPTION PATTERN ARGS...
  local what=$1 pattern=$2
  shift 2
  check_run "$what" 1 "$@"
  check_one_line_error "$what" "$pattern"
  check "$what: no output" test ! -e "$WORK/refused.qcow2"
  check "$what: no scratch left" scratch_empty
}
sums_before=$(sha256sum "$WORK"/*.ova "$WORK"/gzip/*)

refused "tampered digest" "tampered.ova: system.vmdk does not match its SHA256 digest in win.mf" \
  -o "$WORK/refused.qcow2" --report "$WORK/tampered.json" "$WORK/tampered.ova"
jq_eq "tampered: no appliance launched" "$WORK/tampered.json" .run.appliance_launches 0
jq_eq "tampered: result" "$WORK/tampered.json" .result error
refused "XXE descriptor" "xxe.ova: win.ovf has a DOCTYPE: DTDs and entities are refused" \
  -o "$WORK/refused.qcow2" "$WORK/xxe.ova"
refused "package fixed in place" "good.ova is an OVF package, which is not fixed in place: use -o" \
  "$ova"
refused "--format with a package" "--format is for a single disk image" \
  --format vmdk -o "$WORK/refused.qcow2" "$ova"
head -c 300000 "$ova" >"$WORK/cut.ova"
refused "truncated OVA" "cut.ova is not a valid OVA: tar member at byte 0 runs past the end" \
  -o "$WORK/refused.qcow2" "$WORK/cut.ova"
mkdir "$WORK/incomplete" && cp "$WORK"/gzip/{win.ovf,win.mf,system.vmdk.gz} "$WORK/incomplete/"
refused "disk missing from a folder package" \
  "win.ovf: the manifest win.mf lists data.vhd.gz, which is not in the package" \
  -o "$WORK/refused.qcow2" "$WORK/incomplete/win.ovf"
# A VMDK descriptor in a package would make qemu read any host file.
mkdir "$WORK/sneaky" && (cd "$WORK/sneaky" && tar xf "$ova" win.ovf data.vhd)
printf '# Disk DescriptorFile\nversion=1\ncreateType="monolithicFlat"\nRW 8 FLAT "/etc/hostname" 0\n' \
  >"$WORK/sneaky/system.vmdk"
refused "VMDK descriptor in a package" \
  "win.ovf: disk file system.vmdk is a VMDK whose descriptor names the extent file \"/etc/hostname\"" \
  -o "$WORK/refused.qcow2" "$WORK/sneaky/win.ovf"
# A disk the manifest does not cover is used with a warning, in the
# report too (the run then stops at a missing virtio-win, still before any
# launch).
mkdir "$WORK/partial" && cp "$WORK"/gzip/* "$WORK/partial/"
grep -v data.vhd.gz "$WORK/gzip/win.mf" >"$WORK/partial/win.mf"
check_run "disk outside the manifest" 1 -o "$WORK/refused.qcow2" \
  --virtio-win "$WORK/no-such-virtio" --report "$WORK/partial.json" "$WORK/partial/win.ovf"
check "disk outside the manifest: warned" \
  grep -q "win.ovf: data.vhd.gz is not in the manifest win.mf: not verified" "$WORK/err"
jq_eq "disk outside the manifest: warning in the report" "$WORK/partial.json" \
  '[.warnings[] | select(test("data.vhd.gz is not in the manifest"))] | length' 1
jq_eq "disk outside the manifest: the others verified" "$WORK/partial.json" \
  .input.package.manifest.digests 2
jq_eq "disk outside the manifest: no launch" "$WORK/partial.json" .run.appliance_launches 0
check "disk outside the manifest: no output" test ! -e "$WORK/refused.qcow2"
check "disk outside the manifest: no scratch left" scratch_empty
check_eq "refused packages byte-identical" "$(sha256sum "$WORK"/*.ova "$WORK"/gzip/* | grep -v cut.ova)" \
  "$(echo "$sums_before" | grep -v cut.ova)"

# --- OVA -> qcow2 + domain (launch 1) --------------------------------------
out=$WORK/conv/win.qcow2
mkdir -p "$WORK/conv"
check_run "fix OVA" 0 -o "$out" --libvirt-xml "$WORK/conv/win.xml" \
  --report "$WORK/ova.json" "${VIRTIO[@]}" "$ova"
check_eq "OVA byte-identical" "$(sum "$ova")" "$ova_sum"
check "scratch removed" scratch_empty
check "no partial output left" bash -c "! ls '$WORK/conv' | grep -q v2v-partial"
r=$WORK/ova.json
jq_eq "result" "$r" .result fixed
jq_eq "one launch for both disks" "$r" .run.appliance_launches 1
jq_eq "changes recorded and applied" "$r" '.applied and (.plan | length > 100)' true
jq_eq "package kind" "$r" .input.package.kind ova
jq_eq "flavour" "$r" .input.package.flavour xenserver
jq_eq "manifest verified" "$r" .input.package.manifest.verified true
jq_eq "manifest digests checked" "$r" .input.package.manifest.digests 3
jq_eq "boot disk is the VMDK" "$r" '.input.disks[0] | "\(.file) \(.format) \(.boot)"' "system.vmdk vmdk true"
jq_eq "VMDK read in place" "$r" .input.disks[0].read_in_place true
jq_eq "VMDK offset past the tar header" "$r" '.input.disks[0].offset % 512 == 0 and .input.disks[0].offset > 0' true
jq_eq "data disk is the VHD" "$r" '.input.disks[1] | "\(.file) \(.format)"' "data.vhd vpc"
jq_eq "OVF vCPUs" "$r" .input.package.vcpus 4
jq_eq "OVF memory" "$r" .input.package.memory_mib 8192
jq_eq "written disks" "$r" '.written.disks | join(" ")' "$out $WORK/conv/win-disk2.qcow2"
jq_eq "guest inspected" "$r" .guest.product_name "$WIN2008R2_PRODUCT"
check_eq "boot disk qcow2, 128 MiB" \
  "$(qemu-img info --output=json "$out" | jq -r '"\(.format) \(."virtual-size")"')" "qcow2 134217728"
check_eq "data disk qcow2, from the VHD" \
  "$(qemu-img info --output=json "$WORK/conv/win-disk2.qcow2" | jq -r .format)" qcow2
x=$WORK/conv/win.xml
check "domain XML is valid" virt-xml-validate "$x" domain
check_eq "domain name" "$(xp "$x" /domain/name)" win2008r2-citrix
check_eq "domain vCPUs" "$(xp "$x" /domain/vcpu)" 4
check_eq "domain memory" "$(xp "$x" "concat(/domain/memory,' ',/domain/memory/@unit)")" "8192 MiB"
check_eq "2008 R2 gets pc" "$(xp "$x" /domain/os/type/@machine)" pc
check_eq "BIOS guest: no firmware attribute" "$(xp "$x" "count(/domain/os/@firmware)")" 0
check_eq "boot disk on virtio-blk" \
  "$(xp "$x" "concat(/domain/devices/disk[1]/target/@dev,' ',/domain/devices/disk[1]/target/@bus,' ',/domain/devices/disk[1]/source/@file)")" \
  "vda virtio $out"
check_eq "data disk second" "$(xp "$x" /domain/devices/disk[2]/target/@dev)" vdb
check_eq "netkvm injected: virtio-net" "$(xp "$x" /domain/devices/interface/model/@type)" virtio
check_eq "MAC kept from the OVF" "$(xp "$x" /domain/devices/interface/mac/@address)" a2:4f:11:22:33:44
check_eq "Windows RTC" "$(xp "$x" /domain/clock/@offset)" localtime
check_eq "serial console" "$(xp "$x" /domain/devices/console/target/@type)" serial

# --- A second run on the result changes nothing (launch 2) ------------------
# Taken as a VHD (detected from its footer, read through qemu, converted
# to qcow2 by default): the fixed guest is the same, and the plain-image
# path for a foreign format runs; no OVF, so the domain takes the flags.
fixed_sum=$(sum "$out")
qemu-img convert -q -f qcow2 -O vpc -o force_size=on "$out" "$WORK/conv/win.vhd"
again=$WORK/conv/again.qcow2
check_run "second run on the output" 0 -o "$again" --libvirt-xml "$WORK/conv/again.xml" \
  --vcpus 3 --memory 3072 --report "$WORK/again.json" "${VIRTIO[@]}" "$WORK/conv/win.vhd"
jq_eq "second run: VHD detected" "$WORK/again.json" .input.disks[0].format vpc
jq_eq "second run: empty plan" "$WORK/again.json" '.plan | length' 0
jq_eq "second run: nothing to do" "$WORK/again.json" .result nothing-to-do
jq_eq "second run: only uninstall entries left (first boot removes them)" \
  "$WORK/again.json" '[.guest.xen_components[] | select(.kind != "uninstall-entry")] | length' 0
jq_eq "second run: viostor present" "$WORK/again.json" \
  '[.guest.virtio_drivers[] | select(startswith("viostor"))] | length' 1
check_eq "second run: output untouched" "$(sum "$out")" "$fixed_sum"
check_eq "VHD input written as qcow2" "$(qemu-img info --output=json "$again" | jq -r .format)" qcow2
check "VHD copy holds the same guest" qemu-img compare -q "$out" "$again"
x=$WORK/conv/again.xml
check "flags domain XML is valid" virt-xml-validate "$x" domain
check_eq "no OVF: vCPUs from --vcpus" "$(xp "$x" /domain/vcpu)" 3
check_eq "no OVF: memory from --memory" "$(xp "$x" /domain/memory)" 3072
check_eq "no OVF: name is the hostname" "$(xp "$x" /domain/name)" "$WIN2008R2_HOSTNAME"
check_eq "no OVF: one NIC" "$(xp "$x" "count(/domain/devices/interface)")" 1

# --- Launch 3, two packages in one run: the folder package with gzip disks
# and the VMware OVA of the guest from ESXi, both to raw on virtio-scsi ----
g=$WORK/gzip
gz_sums=$(sha256sum "$g"/*)
cp "$OVA_FIXTURES/vmware.ova" "$WORK/vmware.ova"
vmware_sum=$(sum "$WORK/vmware.ova")
raw=$WORK/conv2/win.img
mkdir -p "$WORK/conv2"
check_run "fix folder package and VMware OVA" 0 -o "$WORK/conv2/%n.img" -O raw \
  --block-driver virtio-scsi --libvirt-xml "$WORK/conv2/%n.xml" \
  --report "$WORK/conv2/%n.json" "${VIRTIO[@]}" "$g/win.ovf" "$WORK/vmware.ova"
check_eq "folder package byte-identical" "$(sha256sum "$g"/*)" "$gz_sums"
check_eq "VMware OVA byte-identical" "$(sum "$WORK/vmware.ova")" "$vmware_sum"
check "scratch removed (unpacked disks too)" scratch_empty
r=$WORK/conv2/vmware.json
jq_eq "VMware OVA: fixed in the same launch" "$r" \
  '"\(.result) \(.applied) \(.run.appliance_launches) \(.run.guests)"' "fixed true 1 2"
jq_eq "VMware OVA: flavour, OS type" "$r" \
  '"\(.input.package.flavour) \(.input.package.guest_os)"' \
  "vmware windows9Server64Guest"
jq_eq "VMware OVA: manifest verified first" "$r" .input.package.manifest.digests 2
jq_eq "VMware OVA: the guest from ESXi" "$r" .guest.product_name "$WIN2016_PRODUCT"
jq_eq "VMware OVA: VMware Tools found" "$r" '(.guest.vmware_components | length) > 0' true
jq_eq "VMware OVA: VMware Tools removed" "$r" \
  '[.plan[] | select(.fixup == "vmware-tools-removal")] | length > 0' true
x=$WORK/conv2/vmware.xml
check "VMware OVA: domain XML is valid" virt-xml-validate "$x" domain
check_eq "VMware OVA: vCPUs, memory from the OVF" \
  "$(xp "$x" "concat(/domain/vcpu,' ',/domain/memory)")" "2 6144"
check_eq "VMware OVA: the VMXNET3 NIC's MAC kept" "$(xp "$x" /domain/devices/interface/mac/@address)" \
  00:50:56:9a:20:16
check_eq "VMware OVA: Windows Server 2016 gets q35" "$(xp "$x" /domain/os/type/@machine)" q35
r=$WORK/conv2/win.json
jq_eq "folder: kind" "$r" .input.package.kind ovf
jq_eq "folder: SHA1 manifest with CRLF verified" "$r" .input.package.manifest.digests 3
jq_eq "folder: gzip disks" "$r" '[.input.disks[].gzip] | all' true
jq_eq "folder: boot disk format under the gzip" "$r" .input.disks[0].format vmdk
jq_eq "folder: fixed" "$r" .result fixed
check_eq "raw output" "$(qemu-img info --output=json "$raw" | jq -r .format)" raw
check "raw output is sparse" bash -c "[ \$(du -k '$raw' | cut -f1) -lt 100000 ]"
check "second raw disk" test -f "$WORK/conv2/win-disk2.img"
x=$WORK/conv2/win.xml
check "domain XML (virtio-scsi) is valid" virt-xml-validate "$x" domain
check_eq "disks on scsi" "$(xp "$x" "concat(/domain/devices/disk[1]/target/@bus,' ',/domain/devices/disk[2]/target/@dev)")" "scsi sdb"
check_eq "virtio-scsi controller" "$(xp "$x" "/domain/devices/controller[@type='scsi']/@model")" virtio-scsi
check_eq "raw driver type" "$(xp "$x" /domain/devices/disk[1]/driver/@type)" raw

finish
