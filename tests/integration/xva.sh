#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# XVA input (xe vm-export): the phony 2008 R2 guest and a data disk as
# xapi writes them (tests/fixtures/make-xva.sh), read in one launch: every
# chunk's digest checked, the disks assembled sparsely, the boot disk
# chosen by the VBD's boot flag and userdevice, the domain from ova.xml.
# A damaged chunk or a truncated export is refused before any launch.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
here=$(cd "$(dirname "$0")" && pwd)
private_tmpdir

echo "xva: building the export"
bash "$here/../fixtures/make-xva.sh" "$WORK/fx" "$FIXTURES" >/dev/null
xva=$WORK/fx/win2008r2.xva
xva_sum=$(sum "$xva")

echo "xva: refused exports (no launch)"
# One byte of a system-disk chunk changed: its xxhash no longer matches.
cp "$xva" "$WORK/bad.xva"
at=$(python3 - "$WORK/bad.xva" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    for m in t.getmembers():
        if m.name == "Ref:11/00000001":
            print(m.offset_data + 100)
PY
)
printf 'X' | dd of="$WORK/bad.xva" bs=1 seek="$at" conv=notrunc status=none
check_run "damaged chunk" 1 -o "$WORK/bad.qcow2" "$WORK/bad.xva"
check "damaged chunk: named" grep -q "disk Ref:11: chunk 00000001 does not match its xxhash" "$WORK/err"
check "damaged chunk: no output" test ! -e "$WORK/bad.qcow2"
check "damaged chunk: no scratch left" scratch_empty
# The last chunk (always present) left out: the disk would come out short.
last=$(tar tf "$xva" | grep '^Ref:14/[0-9]*$' | sort | tail -1)
(cd "$WORK/fx/work" && tar --format=ustar -cf "$WORK/short.xva" ova.xml \
  $(grep -v "^$last" members))
check_run "truncated export" 1 -o "$WORK/short.qcow2" "$WORK/short.xva"
check "truncated export: says so" grep -q "disk Ref:14: its chunks hold .* bytes but the disk has" "$WORK/err"

echo "xva: fixing it (one appliance launch)"
out=$WORK/conv/win.qcow2
mkdir -p "$WORK/conv"
check_run "fix the XVA" 0 -o "$out" --libvirt-xml "$WORK/conv/win.xml" --name "web 01" \
  --report "$WORK/r.json" --virtio-win "$VIRTIO_FIXTURE/virtio-win.iso" "$xva"
check_eq "XVA byte-identical" "$(sum "$xva")" "$xva_sum"
check "scratch removed" scratch_empty
r=$WORK/r.json
jq_eq "result" "$r" .result fixed
check_schema "the report follows doc/report.schema.json" "$r"
jq_eq "one launch" "$r" .run.appliance_launches 1
jq_eq "package kind" "$r" .input.package.kind xva
jq_eq "boot disk: the bootable VBD's VDI" "$r" '.input.disks[0].file' Ref:11
jq_eq "data disk second" "$r" '.input.disks[1].file' Ref:14
jq_eq "guest inspected" "$r" .guest.product_name "$WIN2008R2_PRODUCT"
jq_eq "no unverified-file warning (chunks carry digests)" "$r" \
  '[.warnings[] | select(test("not verified"))] | length' 0
check_eq "system disk as large as its VDI" \
  "$(qemu-img info --output=json "$out" | jq '."virtual-size"')" \
  "$(stat -c %s "$FIXTURES/$WIN2008R2_IMG")"
check "data disk identical to what was exported" \
  qemu-img compare -q -f qcow2 -F raw "$WORK/conv/win-disk2.qcow2" "$WORK/fx/data.raw"
x=$WORK/conv/win.xml
check "domain XML is valid" virt-xml-validate "$x" domain
check_eq "name from --name" "$(xp "$x" /domain/name)" "web 01"
check "libvirt takes the domain (test driver)" \
  bash -c "virsh -c test:///default define '$x' | grep -q \"Domain 'web 01' defined\""
check_eq "Hyper-V enlightenments for Windows" "$(xp "$x" /domain/features/hyperv/relaxed/@state)" on
check_eq "guest agent channel" "$(xp "$x" /domain/devices/channel/target/@name)" org.qemu.guest_agent.0
check_eq "vCPUs (VCPUs_at_startup)" "$(xp "$x" /domain/vcpu)" 2
check_eq "memory (memory_static_max)" "$(xp "$x" "concat(/domain/memory,' ',/domain/memory/@unit)")" "4096 MiB"
check_eq "BIOS from HVM_boot_params" "$(xp "$x" "count(/domain/os/@firmware)")" 0
check_eq "MAC of the VIF" "$(xp "$x" /domain/devices/interface/mac/@address)" 6e:1a:2b:3c:4d:5e

finish
