#!/bin/bash
# Windows Server 2019, UEFI/GPT, XCP-ng 9.x drivers with the Windows 8+
# driver database in the SYSTEM and DRIVERS hives; virtio-blk from a
# virtio-win directory: viostor boot-start with a complete driver-store
# registration, the other drivers staged, DevicePath.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
VIRTIO=(--virtio-win "$VIRTIO_FIXTURE/tree")

img=$(copy_fixture "$WIN2019_IMG")
orig=$(sum "$img")

check_run "fix" 0 "${VIRTIO[@]}" --report "$WORK/fix.json" "$img"
r="$WORK/fix.json"
jq_eq "result" "$r" .result fixed
jq_eq "build" "$r" .guest.build 17763
jq_eq "version" "$r" '"\(.guest.major).\(.guest.minor)"' 10.0
jq_eq "edition" "$r" .guest.edition ServerDatacenter
jq_eq "firmware" "$r" .guest.firmware uefi
jq_eq "partition table" "$r" .guest.disk.partition_table gpt
jq_eq "disk GUID" "$r" .guest.disk.gpt_disk_guid "$WIN2019_DISK_GUID"
jq_eq "OS partition GUID" "$r" '.guest.disk.partitions[2].gpt_guid' "$WIN2019_P3_GUID"
jq_eq "BCD on the ESP" "$r" .guest.bcd.path /boot/EFI/Microsoft/Boot/BCD
jq_eq "BCD devices match" "$r" .guest.bcd.devices_match true
jq_eq "XCP-ng and Xen Project packages recognised" "$r" \
  '[.guest.driver_packages[] | select(.xen and (.path|test("/INF/oem")))] | length' 6
jq_eq "Xen driver database entries found in both hives" "$r" \
  '[.guest.xen_components[] | select(.kind=="driver-database") | .hive] | unique | join(",")' DRIVERS,SYSTEM
# virtio: what was taken from the source, with versions
r="$WORK/fix.json"
jq_eq "source type" "$r" .virtio.source_type directory
jq_eq "boot driver reported with its version" "$r" \
  '.virtio.drivers[] | select(.role=="boot") | "\(.name) \(.driver_ver) \(.folder)"' \
  "viostor 06/12/2024,100.95.104.26200 viostor/2k19/amd64"
jq_eq "staged drivers reported" "$r" \
  '[.virtio.drivers[] | select(.role=="staged") | .name] | sort | join(",")' \
  "balloon,netkvm,viorng,vioscsi,vioser"
jq_eq "plan reasons name the version" "$r" \
  '[.plan[] | select(.fixup=="virtio" and (.why|test("boot storage driver viostor 06/12/2024,100.95.104.26200 \\(2k19/amd64\\)")))] | length > 0' true
check "image changed" test "$(sum "$img")" != "$orig"
fixed=$(sum "$img")

check_run "second run" 0 "${VIRTIO[@]}" --report "$WORK/again.json" "$img"
jq_eq "second run result" "$WORK/again.json" .result nothing-to-do
check_eq "second run writes nothing" "$(sum "$img")" "$fixed"

rb="$WORK/rb"
readback "$img" /dev/sda3 "$rb" "umount /" "mount-ro /dev/sda1 /" \
  "download /EFI/Microsoft/Boot/BCD $rb/BCD" \
  "checksum sha256 /EFI/Microsoft/Boot/bootmgfw.efi | cat > $rb/bootmgfw.sum" \
  "-checksum sha256 /EFI/Boot/BOOTX64.EFI | cat > $rb/fallback.sum" \
  "umount /" "mount-ro /dev/sda3 /" \
  "checksum sha256 /Windows/System32/drivers/viostor.sys | cat > $rb/viostor.sum" \
  "ls /Windows/Drivers/VirtIO | cat > $rb/staged" \
  "ls /Windows/Drivers/VirtIO/netkvm | cat > $rb/netkvm"
S="$rb/SYSTEM"
for svc in xenbus xenfilt xenvbd xendisk xenvif xennet xeniface xencons \
  xenbus_monitor xencons_monitor xenagent; do
  check_eq "$svc disabled" "$(hget "$S" "ControlSet001\\Services\\$svc" Start)" 4
done
check_eq "e1dexpress untouched" "$(hget "$S" 'ControlSet001\Services\e1dexpress' Start)" 3
for k in Unplug ForceUnplug; do
  check "XEN\\$k key gone" bash -c "! hivexget '$S' 'ControlSet001\\Services\\XEN\\$k' >/dev/null 2>&1"
done
for svc in stornvme storahci intelide; do
  check "$svc StartOverride gone" bash -c "! hivexget '$S' 'ControlSet001\\Services\\$svc\\StartOverride' >/dev/null 2>&1"
done
check_eq "AutoReboot off" "$(hget "$S" 'ControlSet001\Control\CrashControl' AutoReboot)" 0
for H in SYSTEM DRIVERS; do
  db=$(hivexregedit --export --unsafe-printable-strings "$rb/$H" DriverDatabase 2>/dev/null | tr -d '\r')
  check "$H: DriverDatabase read back" test -n "$db"
  for n in 1 2 3 4 5 6; do
    check "$H: oem$n.inf registration gone" bash -c "! grep -qi 'DriverInfFiles\\\\oem$n.inf\\]' <<<\"\$0\"" "$db"
  done
  check "$H: oem0.inf registration kept" grep -qi 'DriverInfFiles\\oem0.inf\]' <<<"$db"
  check "$H: mshdc.inf registration kept" grep -qi 'DriverInfFiles\\mshdc.inf\]' <<<"$db"
  check "$H: no Xen package left" bash -c "! grep -qiE 'DriverPackages\\\\xen' <<<\"\$0\"" "$db"
  check "$H: Intel package kept" grep -qi 'DriverPackages\\e1d68x64.inf_amd64' <<<"$db"
  check "$H: no device ID names a Xen inf" bash -c "! grep -qiE '^\"oem[1-6]\\.inf\"' <<<\"\$0\"" "$db"
done
check "oem1-6 removed" bash -c "! grep -qiE '^oem[1-6]\.(inf|pnf)$' '$rb/inf'"
check "oem0.inf kept" grep -qix oem0.inf "$rb/inf"
check "Xen driver store folders removed" bash -c "! grep -qi '^xen' '$rb/repo'"
check "Intel driver store folder kept" grep -qi '^e1d68x64.inf_amd64' "$rb/repo"
check "UEFI fallback loader is the Windows boot manager" \
  test -s "$rb/fallback.sum" -a "$(cat "$rb/fallback.sum")" = "$(cat "$rb/bootmgfw.sum")"
check "graphicsmodedisabled gone from the loader" bash -c \
  "! hivexget '$rb/BCD' 'Objects\\$WIN2019_BCD_LOADER_GUID\\Elements\\16000046' >/dev/null 2>&1"
check "loader kept its other elements" test -n "$(hget "$rb/BCD" "Objects\\$WIN2019_BCD_LOADER_GUID\\Elements\\12000002" Element)"

# --- virtio-blk: viostor boot-start, registered in the driver database ---------
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
