#!/bin/bash
# Windows Server 2019 (8+, driver database), virtio-blk, directory source:
# viostor boot-start with a complete driver-store registration in SYSTEM
# and DRIVERS, the other drivers staged, DevicePath; a second run is a no-op.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"

img=$(copy_fixture "$WIN2019_IMG")
check_run "fix" 0 --virtio-win "$VIRTIO_FIXTURE/tree" --report "$WORK/fix.json" "$img"
r="$WORK/fix.json"
jq_eq "result" "$r" .result fixed
jq_eq "source type" "$r" .virtio.source_type directory
jq_eq "boot driver reported with its version" "$r" \
  '.virtio.drivers[] | select(.role=="boot") | "\(.name) \(.driver_ver) \(.folder)"' \
  "viostor 06/12/2024,100.95.104.26200 viostor/2k19/amd64"
jq_eq "staged drivers reported" "$r" \
  '[.virtio.drivers[] | select(.role=="staged") | .name] | sort | join(",")' \
  "balloon,netkvm,viorng,vioscsi,vioser"
jq_eq "plan reasons name the version" "$r" \
  '[.plan[] | select(.fixup=="virtio" and (.why|test("boot storage driver viostor 06/12/2024,100.95.104.26200 \\(2k19/amd64\\)")))] | length > 0' true
fixed=$(sum "$img")

check_run "second run" 0 --virtio-win "$VIRTIO_FIXTURE/tree" --report "$WORK/again.json" "$img"
jq_eq "second run result" "$WORK/again.json" .result nothing-to-do
check_eq "second run writes nothing" "$(sum "$img")" "$fixed"

rb="$WORK/rb"
readback "$img" /dev/sda3 "$rb" \
  "checksum sha256 /Windows/System32/drivers/viostor.sys | cat > $rb/viostor.sum" \
  "ls /Windows/Drivers/VirtIO | cat > $rb/staged" \
  "ls /Windows/Drivers/VirtIO/netkvm | cat > $rb/netkvm"
S="$rb/SYSTEM"
check_eq "viostor.sys copied" "$(cat "$rb/viostor.sum")" \
  "$(sha256sum "$VIRTIO_FIXTURE/tree/viostor/2k19/amd64/viostor.sys" | cut -d' ' -f1)"
check_eq "viostor Start" "$(hget "$S" 'ControlSet001\Services\viostor' Start)" 0
check_eq "viostor Type" "$(hget "$S" 'ControlSet001\Services\viostor' Type)" 1
check_eq "viostor Group" "$(hget "$S" 'ControlSet001\Services\viostor' Group)" "SCSI miniport"
check_eq "viostor ImagePath" "$(hget "$S" 'ControlSet001\Services\viostor' ImagePath)" 'system32\drivers\viostor.sys'
check "no CriticalDeviceDatabase on 8+" bash -c "! hivexget '$S' 'ControlSet001\\Control\\CriticalDeviceDatabase' >/dev/null 2>&1"
pkg=$(grep -i '^viostor.inf_amd64_' "$rb/repo")
check "package folder in the driver store" test -n "$pkg"
# oem0..oem6 were taken (oem1..6 are the Xen ones removed in the same run)
check "oem7.inf written" grep -qix oem7.inf "$rb/inf"
for H in SYSTEM DRIVERS; do
  check_eq "$H: oem7.inf -> package" "$(hget "$rb/$H" 'DriverDatabase\DriverInfFiles\oem7.inf' Active)" "$pkg"
  check_eq "$H: package -> oem7.inf" "$(hget "$rb/$H" "DriverDatabase\\DriverPackages\\$pkg" '')" oem7.inf
  check_eq "$H: provider" "$(hget "$rb/$H" "DriverDatabase\\DriverPackages\\$pkg" Provider)" "Red Hat, Inc."
  check_eq "$H: configuration service" "$(hget "$rb/$H" "DriverDatabase\\DriverPackages\\$pkg\\Configurations\\rhelscsi_inst" Service)" viostor
  for id in 'VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00' 'VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01'; do
    check "$H: DeviceIds $id names oem7.inf" hivexget "$rb/$H" "DriverDatabase\\DeviceIds\\PCI\\$id" oem7.inf
    check_eq "$H: descriptor $id" "$(hget "$rb/$H" "DriverDatabase\\DriverPackages\\$pkg\\Descriptors\\PCI\\$id" Configuration)" rhelscsi_inst
  done
done
check_eq "staged drivers" "$(sort "$rb/staged" | tr '\n' ' ')" "balloon netkvm viorng vioscsi vioser viostor "
check "no .pdb staged" bash -c "! grep -qi pdb '$rb/netkvm'"
check_eq "DevicePath" "$(hget "$rb/SOFTWARE" 'Microsoft\Windows\CurrentVersion' DevicePath | grep -o 'Drivers\\VirtIO' | wc -l)" 1

finish
