#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Windows Server 2019, UEFI/GPT, XCP-ng 9.x drivers with the Windows 8+
# driver database in the SYSTEM and DRIVERS hives; virtio-scsi from a
# virtio-win ISO named only by $VIRTIO_WIN (no --virtio-win): vioscsi
# boot-start with a complete, consistent driver-store registration, the
# other drivers staged with DevicePath.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
export VIRTIO_WIN="$VIRTIO_FIXTURE/virtio-win.iso"
VIRTIO=(--block-driver virtio-scsi)
NEWVER="06/12/2024,100.95.104.26200"

img=$(copy_fixture "$WIN2019_IMG")
orig=$(sum "$img")
# Read on the host before the fix: a Xen store folder holds a subfolder,
# so the removal checked below has to go down a level.
rb0="$WORK/rb0"
readback "$img" 3 "$rb0" "find /Windows/System32/DriverStore/FileRepository $rb0/storefiles"
check "before: xenbus's store folder has a subfolder" \
  grep -qiE '^/*xenbus\.inf_amd64_[0-9a-f]+/en-US/xenbus_monitor\.exe\.mui$' "$rb0/storefiles"

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
# virtio: what was taken from the source ($VIRTIO_WIN), with versions
r="$WORK/fix.json"
jq_eq "source from \$VIRTIO_WIN" "$r" .virtio.source "$VIRTIO_WIN"
jq_eq "source type" "$r" .virtio.source_type iso
jq_eq "boot driver reported with its version" "$r" \
  '.virtio.drivers[] | select(.role=="boot") | "\(.name) \(.driver_ver) \(.folder)"' \
  "vioscsi $NEWVER vioscsi/2k19/amd64"
jq_eq "staged drivers reported" "$r" \
  '[.virtio.drivers[] | select(.role=="staged") | .name] | sort | join(",")' \
  "balloon,fwcfg,netkvm,pvpanic,qxldod,viogpudo,vioinput,viorng,vioser,viostor"
jq_eq "every driver reported with the DriverVer of its .inf" "$r" \
  '[.virtio.drivers[] | select(.driver_ver != "'"$NEWVER"'")] | length' 0
jq_eq "each from its own folder for 2k19/amd64" "$r" \
  '[.virtio.drivers[] | select(.folder | test("^[A-Za-z]+/2k19/amd64$") | not)] | length' 0
jq_eq "display and input drivers with their class" "$r" \
  '[.virtio.drivers[] | select(.name=="viogpudo" or .name=="qxldod" or .name=="vioinput") | "\(.name):\(.class)"] | sort | join(",")' \
  "qxldod:Display,viogpudo:Display,vioinput:HIDClass"
jq_eq "plan reasons name the version" "$r" \
  '[.plan[] | select(.fixup=="virtio" and (.why|test("boot storage driver vioscsi '"$NEWVER"' \\(2k19/amd64\\)")))] | length > 0' true
jq_eq "staging reasons name each driver's version" "$r" \
  '[.plan[] | select(.fixup=="virtio" and (.why|test("^stage viogpudo '"$NEWVER"' ")))] | length > 0' true
check "image changed" test "$(sum "$img")" != "$orig"
fixed=$(sum "$img")

check_run "second run" 0 "${VIRTIO[@]}" --report "$WORK/again.json" "$img"
jq_eq "second run result" "$WORK/again.json" .result nothing-to-do
check_eq "second run writes nothing" "$(sum "$img")" "$fixed"

rb="$WORK/rb"
readback "$img" 3 "$rb" \
  "sum /Windows/System32/drivers/vioscsi.sys $rb/vioscsi.sum" \
  "sum /Windows/INF/oem7.inf $rb/oem7.sum" \
  "find /Windows/System32/DriverStore/FileRepository $rb/storefiles" \
  "ls /Windows/Drivers/VirtIO $rb/staged" \
  "ls /Windows/Drivers/VirtIO/netkvm $rb/netkvm" \
  "part 1" "get /EFI/Microsoft/Boot/BCD $rb/BCD" \
  "sum /EFI/Microsoft/Boot/bootmgfw.efi $rb/bootmgfw.sum" \
  "sum /EFI/Boot/BOOTX64.EFI $rb/fallback.sum"
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

# --- virtio-scsi: vioscsi boot-start, registered in the driver database -----
check_eq "vioscsi.sys copied from the ISO" "$(cat "$rb/vioscsi.sum")" \
  "$(sha256sum "$VIRTIO_FIXTURE/tree/vioscsi/2k19/amd64/vioscsi.sys" | cut -d' ' -f1)"
check_eq "vioscsi Start" "$(hget "$S" 'ControlSet001\Services\vioscsi' Start)" 0
check_eq "vioscsi Type" "$(hget "$S" 'ControlSet001\Services\vioscsi' Type)" 1
check_eq "vioscsi Group" "$(hget "$S" 'ControlSet001\Services\vioscsi' Group)" "SCSI miniport"
check_eq "vioscsi ImagePath" "$(hget "$S" 'ControlSet001\Services\vioscsi' ImagePath)" 'system32\drivers\vioscsi.sys'
# What vioscsi.inf's AddReg sections write, as Windows would have.
check_eq "vioscsi BusType from the INF (SAS)" "$(hget "$S" 'ControlSet001\Services\vioscsi\Parameters' BusType)" 10
check_eq "vioscsi PnpInterface\\5" "$(hget "$S" 'ControlSet001\Services\vioscsi\Parameters\PnpInterface' 5)" 1
check_eq "vioscsi owned by its package" "$(hget "$S" 'ControlSet001\Services\vioscsi' Owners)" oem7.inf
check_eq "vioscsi event-log source" \
  "$(hget "$S" 'ControlSet001\Services\EventLog\System\vioscsi' TypesSupported)" 7
check "viostor not made boot-start" bash -c "! hivexget '$S' 'ControlSet001\\Services\\viostor' >/dev/null 2>&1"
check "no CriticalDeviceDatabase on 8+" bash -c "! hivexget '$S' 'ControlSet001\\Control\\CriticalDeviceDatabase' >/dev/null 2>&1"
pkg=$(grep -i '^vioscsi.inf_amd64_' "$rb/repo")
check "package folder <inf>_<arch>_<16 hex> in the driver store" \
  grep -qxE 'vioscsi\.inf_amd64_[0-9a-f]{16}' <<<"$pkg"
check_eq "package folder holds the driver's files, no .pdb" \
  "$(grep "^/*$pkg/." "$rb/storefiles" | sed 's|.*/||' | sort | tr '\n' ' ')" \
  "vioscsi.cat vioscsi.inf vioscsi.sys "
check "Xen store folders gone, subfolders too" \
  bash -c "! grep -qiE '^/*xen[a-z]*\.inf_amd64_' '$rb/storefiles'"
check "e1d68x64 store folder kept" grep -qiE '^/*e1d68x64\.inf_amd64_[0-9a-f]+/e1d68x64\.sys$' "$rb/storefiles"
# oem0..oem6 were taken (oem1..6 are the Xen ones removed in the same run)
check "oem7.inf written" grep -qix oem7.inf "$rb/inf"
check "no .pnf written for it (Windows compiles its own)" bash -c "! grep -qix oem7.pnf '$rb/inf'"
check_eq "oem7.inf is the package's inf" "$(cat "$rb/oem7.sum")" \
  "$(sha256sum "$VIRTIO_FIXTURE/tree/vioscsi/2k19/amd64/vioscsi.inf" | cut -d' ' -f1)"
size=$(( $(stat -c %s "$VIRTIO_FIXTURE"/tree/vioscsi/2k19/amd64/vioscsi.{inf,sys,cat} | paste -sd+) ))
for H in SYSTEM DRIVERS; do
  P="DriverDatabase\\DriverPackages\\$pkg"
  check_eq "$H: oem7.inf -> package" "$(hget "$rb/$H" 'DriverDatabase\DriverInfFiles\oem7.inf' Active)" "$pkg"
  check_eq "$H: oem7.inf configurations" "$(hget "$rb/$H" 'DriverDatabase\DriverInfFiles\oem7.inf' Configurations)" scsi_inst
  check_eq "$H: package -> oem7.inf" "$(hget "$rb/$H" "$P" '')" oem7.inf
  check_eq "$H: InfName" "$(hget "$rb/$H" "$P" InfName)" vioscsi.inf
  check_eq "$H: Catalog" "$(hget "$rb/$H" "$P" Catalog)" vioscsi.cat
  check_eq "$H: provider" "$(hget "$rb/$H" "$P" Provider)" "Red Hat, Inc."
  check_eq "$H: signer read from the catalog" "$(hget "$rb/$H" "$P" SignerName)" \
    "Microsoft Windows Hardware Compatibility Publisher"
  check_eq "$H: SignerScore WHQL" "$(hget "$rb/$H" "$P" SignerScore)" $((0x0d000005))
  check_eq "$H: OemPath is the staged copy" "$(hget "$rb/$H" "$P" OemPath)" 'C:\Windows\Drivers\VirtIO\vioscsi'
  check_eq "$H: FileSize is the package's bytes" "$(hget "$rb/$H" "$P" FileSize)" "$size"
  M="$P\\Configurations\\scsi_inst\\Device\\Interrupt Management\\MessageSignaledInterruptProperties"
  check_eq "$H: MSISupported from the INF's .HW section" "$(hget "$rb/$H" "$M" MSISupported)" 1
  check_eq "$H: MessageNumberLimit from the INF" "$(hget "$rb/$H" "$M" MessageNumberLimit)" 258
  check_eq "$H: the configuration's service Parameters" \
    "$(hget "$rb/$H" "$P\\Configurations\\scsi_inst\\Services\\vioscsi\\Parameters" BusType)" 10
  check "$H: DeviceIds\\{SCSIAdapter class} lists oem7.inf" bash -c \
    "hivexregedit --export '$rb/$H' 'DriverDatabase\\DeviceIds\\{4D36E97B-E325-11CE-BFC1-08002BE10318}' 2>/dev/null | grep -qi '\"oem7.inf\"=hex(0):'"
  db=$(hivexregedit --export --unsafe-printable-strings "$rb/$H" DriverDatabase 2>/dev/null | tr -d '\r')
  pk=$(sed -n "/^\\[.*DriverPackages\\\\$pkg\\]/,/^\$/p" <<<"$db")
  check "$H: ImportDate is an 8-byte FILETIME" grep -qE '^"ImportDate"=hex\(3\):([0-9a-f]{2},){7}[0-9a-f]{2}$' <<<"$pk"
  check "$H: Version is 48 bytes" grep -qE '^"Version"=hex\(3\):([0-9a-f]{2},){47}[0-9a-f]{2}$' <<<"$pk"
  check "$H: UpdateDate is set" grep -qE '^"UpdateDate"=hex\(3\):([0-9a-f]{2},){7}[0-9a-f]{2}$' <<<"$db"
  check_eq "$H: configuration service" "$(hget "$rb/$H" "$P\\Configurations\\scsi_inst" Service)" vioscsi
  for id in 'VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00' 'VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01' \
    'VEN_1AF4&DEV_1004' 'VEN_1AF4&DEV_1048'; do
    rank=01; [[ $id == *SUBSYS* ]] || rank=02
    dev=$(sed -n "/^\\[.*DeviceIds\\\\PCI\\\\$id\\]/,/^\$/p" <<<"$db")
    check "$H: DeviceIds $id names oem7.inf ($rank ff 00 00)" grep -qx "\"oem7.inf\"=hex(3):$rank,ff,00,00" <<<"$dev"
    check_eq "$H: descriptor $id" "$(hget "$rb/$H" "$P\\Descriptors\\PCI\\$id" Configuration)" scsi_inst
  done
  # Consistency of the whole database as it was left: every inf a DeviceIds
  # entry names is registered, and its active package exists.
  bad=0
  for inf in $(grep -oE '^"oem[0-9]+\.inf"=hex\(' <<<"$db" | grep -oE 'oem[0-9]+\.inf' | sort -u); do
    act=$(hget "$rb/$H" "DriverDatabase\\DriverInfFiles\\$inf" Active)
    [[ -n $act ]] && hivexget "$rb/$H" "DriverDatabase\\DriverPackages\\$act" >/dev/null 2>&1 || bad=$((bad + 1))
  done
  check_eq "$H: every DeviceIds inf is registered with a package" "$bad" 0
done
check_eq "staged drivers" "$(sort "$rb/staged" | tr '\n' ' ')" \
  "balloon fwcfg netkvm pvpanic qxldod viogpudo vioinput viorng vioscsi vioser viostor "
check "no .pdb staged" bash -c "! grep -qi pdb '$rb/netkvm'"
check_eq "DevicePath" "$(hget "$rb/SOFTWARE" 'Microsoft\Windows\CurrentVersion' DevicePath | grep -o 'Drivers\\VirtIO' | wc -l)" 1

finish
