#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Several guests in one run, one appliance launch for all of them.
# 1. In place: Windows Server 2008 R2 and Windows 7 are fixed, the image
#    with no OS fails and the hibernated one is refused between them; the
#    two that failed are left byte for byte, the two fixed are written and
#    read back on the host.
# 2. A dry run of the Debian guest, a clone of it (the same filesystem
#    UUIDs: each must be inspected on its own disk), the fixed 2008 R2
#    (nothing left to plan) and the open-vm-tools guest from ESXi as an
#    OVA (made here: tests/fixtures/make-vmware-ova.sh), reports on stdout
#    one after another.
# Launches: two.
. "$(dirname "$0")/lib.sh"
. "$FIXTURES/linux-xen.env"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
private_tmpdir
VIRTIO=(--virtio-win "$VIRTIO_FIXTURE/tree")

w2k8=$(copy_fixture "$WIN2008R2_IMG")
noos=$(copy_fixture "$NOOS_IMG")
w7=$(copy_fixture "$WIN7_IMG")
hib=$(copy_fixture "$HIBERNATED_IMG")
declare -A before
for f in "$w2k8" "$noos" "$w7" "$hib"; do before[$f]=$(sum "$f"); done

phase "four guests in place, one launch"
mkdir -p "$WORK/reports"
# The operator's vCPUs (V2V_FIXUP_VCPUS) here, the default in the dry run.
V2V_FIXUP_VCPUS=1 check_run "a failure and a refusal among them: exit 1" 1 "${VIRTIO[@]}" \
  --report "$WORK/reports/%n.json" "$w2k8" "$noos" "$w7" "$hib"
R=$WORK/reports
n2k8=${WIN2008R2_IMG%.img} n7=${WIN7_IMG%.img} nnoos=${NOOS_IMG%.img} nhib=${HIBERNATED_IMG%.img}
for n in "$n2k8" "$nnoos" "$n7" "$nhib"; do
  check "report of $n" test -s "$R/$n.json"
done
check_schema "the four reports follow the schema" "$R"/*.json
jq_eq "one launch for all" "$R/$n7.json" '"\(.run.appliance_launches) \(.run.guests)"' "1 4"
jq_eq "appliance with the vCPUs V2V_FIXUP_VCPUS asks" "$R/$n7.json" .run.appliance_vcpus 1
jq_eq "2008 R2 fixed" "$R/$n2k8.json" '"\(.result) \(.applied)"' "fixed true"
jq_eq "Windows 7 fixed" "$R/$n7.json" '"\(.result) \(.applied) \(.guest.product_name)"' \
  "fixed true Windows 7 Professional"
jq_eq "no OS: an error of its own" "$R/$nnoos.json" '"\(.result) \(.message)"' \
  "error no operating system found in $noos"
jq_eq "hibernated: refused" "$R/$nhib.json" '"\(.result) \(.exit_code)"' "refused 3"
check_eq "no-OS image untouched" "$(sum "$noos")" "${before[$noos]}"
check_eq "hibernated image untouched" "$(sum "$hib")" "${before[$hib]}"
check "2008 R2 image written" test "$(sum "$w2k8")" != "${before[$w2k8]}"
check "Windows 7 image written" test "$(sum "$w7")" != "${before[$w7]}"
check "messages name their guest" grep -q "^v2v-fixup: \[$n7\] applying " "$WORK/err"
check "the launch is said once, for all" test "$(grep -c 'starting the appliance' "$WORK/err")" = 1
check "a last line counts them" grep -qx 'v2v-fixup: 4 guests: 2 done, 2 not' "$WORK/err"
check "stdout says whose plan is whose" grep -qx "== $w7" "$WORK/out"
check "no scratch dir left" scratch_empty

# What was written is each guest's own: the Xen boot drivers are off in
# each (read on the host).
rb=$WORK/rb7
readback "$w7" 1 "$rb"
check_eq "Windows 7: XenVbd disabled" "$(hget "$rb/SYSTEM" 'ControlSet002\Services\XenVbd' Start)" 4
rb=$WORK/rb2k8
readback "$w2k8" 2 "$rb"
check_eq "2008 R2: xenvbd disabled" "$(hget "$rb/SYSTEM" 'ControlSet001\Services\xenvbd' Start)" 4

phase "a dry run: Debian, its clone, the fixed 2008 R2, a Linux OVA from ESXi; reports on stdout"
deb=$(copy_fixture "$DEBIAN_IMG")
clone=$WORK/clone.img
cp --sparse=always "$deb" "$clone"
deb_sum=$(sum "$deb")
lova=$WORK/debian12-vmware.ova
"$(dirname "$0")/../fixtures/make-vmware-ova.sh" "$FIXTURES/$VMWARE_IMG" debian12-vmware \
  debian12_64Guest "Debian GNU/Linux 12 (64-bit)" "$lova"
lova_sum=$(sum "$lova")
V2V_FIXUP_VCPUS= check_run "dry run of four" 0 "${VIRTIO[@]}" -n --json --machine-readable \
  "$deb" "$clone" "$w2k8" "$lova"
jq -s . "$WORK/out" >"$WORK/dry.json" 2>/dev/null
D=$WORK/dry.json
jq_eq "four reports on stdout" "$D" length 4
jq_eq "each is a dry run, one launch" "$D" '[.[] | "\(.result) \(.run.appliance_launches)"] | unique | join(",")' "dry-run 1"
jq_eq "by default two vCPUs on a host with two CPUs or more" "$D" '[.[].run.appliance_vcpus] | unique | join(",")' \
  "$(($(nproc) >= 2 ? 2 : 1))"
jq_eq "Debian inspected on its own disk" "$D" '.[0].guest.linux.mounts[0]' "/ /dev/sda1"
# Read from its release files (libguestfs's inspection would name it "12.N").
jq_eq "Debian identified from os-release, the minor from debian_version" "$D" \
  '.[0].guest | "\(.product_name) \(.major) \(.minor > 0) \(.hostname) \(.arch)"' \
  "Debian GNU/Linux 12 (bookworm) 12 true debian-xen x86_64"
jq_eq "the clone's root on its own disk" "$D" '.[1].guest.root' /dev/sdb1
jq_eq "its clone on its own (same UUIDs)" "$D" '.[1].guest.linux.mounts[0]' "/ /dev/sdb1"
jq_eq "the clone's plan is Debian's" "$D" \
  '(.[0].plan | map(.path // .command) ) == (.[1].plan | map(.path // .command)) and (.[0].plan | length) > 0' true
jq_eq "the fixed 2008 R2 needs nothing" "$D" '"\(.[2].guest.product_name) \(.[2].plan | length)"' \
  "Windows Server 2008 R2 Enterprise 0"
check_eq "dry run: Debian untouched" "$(sum "$deb")" "$deb_sum"
jq_eq "Linux OVA from ESXi: read as VMware's, its manifest checked" "$D" \
  '.[3].input.package | "\(.flavour) \(.guest_os) \(.manifest.digests)"' "vmware debian12_64Guest 2"
jq_eq "Linux OVA: the guest from ESXi, no OS mismatch" "$D" \
  '"\(.[3].guest.distro) \([.[3].warnings[] | select(test("describes a"))] | length)"' "debian 0"
jq_eq "Linux OVA: open-vm-tools planned off" "$D" \
  '[.[3].plan[] | select(.fixup == "linux-vmware-tools")] | length > 0' true
check_eq "Linux OVA untouched" "$(sum "$lova")" "$lova_sum"
check_eq "machine-readable: each guest's inspect phase names it" \
  "$(jq -rs '[.[] | select(.phase == "inspect") | .guest] | join(",")' "$WORK/err")" \
  "debian12-xen,clone,${WIN2008R2_IMG%.img},debian12-vmware"
check_eq "machine-readable: the launch names no guest" \
  "$(jq -rs '[.[] | select(.phase == "launch") | has("guest")] | join(",")' "$WORK/err")" false
check "no scratch dir left" scratch_empty
finish
