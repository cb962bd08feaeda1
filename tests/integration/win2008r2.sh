#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Windows Server 2008 R2 from XenServer with the Citrix PV drivers:
# inspect, dry run, fix (virtio-scsi from a virtio-win ISO), second run,
# and the hives and first-boot files read back.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
VIRTIO=(--virtio-win "$VIRTIO_FIXTURE/virtio-win.iso" --block-driver virtio-scsi)

img=$(copy_fixture "$WIN2008R2_IMG")
orig=$(sum "$img")

# --- Inspection -------------------------------------------------------------
check_run "inspect" 0 --inspect --report "$WORK/inspect.json" "$img"
out="$WORK/out"
for want in "$WIN2008R2_PRODUCT" "Version:       6.1 build 7601" \
  "edition ServerEnterprise" "Architecture:  x86_64" "Hostname:      $WIN2008R2_HOSTNAME" \
  "Firmware:      bios" "MBR, signature 5EED2008" "devices match the disk" \
  "present: ControlSet001 ControlSet002" "Xen PV components:" \
  "service          xenbus" "filter" "driver-store" "uninstall-entry"; do
  check "inspect prints '$want'" grep -qF -- "$want" "$out"
done
r="$WORK/inspect.json"
jq_eq "report type" "$r" .guest.type windows
check_schema "inspect report follows the schema" "$r"
# --json: the report alone on stdout, for scripts.
# --machine-readable: every stderr line a JSON object, the phases named.
check_run "inspect --json" 0 --inspect --json --machine-readable "$img"
check "--inspect --json: stdout is one JSON document" jq -e .guest "$WORK/out"
check "--machine-readable: every stderr line is JSON" jq -e -s 'length > 0' "$WORK/err"
check_eq "--machine-readable: the phases of an inspection" \
  "$(jq -rs '[.[] | select(.type=="phase") | .phase] | join(",")' "$WORK/err")" \
  "launch,inspect"
check_eq "--machine-readable: elapsed seconds grow" \
  "$(jq -s '[.[] | .elapsed] | . == sort' "$WORK/err")" true
jq_eq "--inspect --json: the guest" "$WORK/out" .guest.product_name "$WIN2008R2_PRODUCT"
jq_eq "report build" "$r" .guest.build 7601
jq_eq "report major.minor" "$r" '"\(.guest.major).\(.guest.minor)"' 6.1
jq_eq "report variant" "$r" .guest.product_variant Server
jq_eq "report partition table" "$r" .guest.disk.partition_table mbr
jq_eq "report signature" "$r" .guest.disk.mbr_signature 5EED2008
jq_eq "report p2 offset" "$r" '.guest.disk.partitions[1].start' "$WIN2008R2_P2_START"
jq_eq "report p1 active" "$r" '.guest.disk.partitions[0].active' true
jq_eq "report BCD partition" "$r" .guest.bcd.partition /dev/sda1
jq_eq "report BCD match" "$r" .guest.bcd.devices_match true
jq_eq "report control set" "$r" .guest.current_control_set ControlSet001
jq_eq "Xen services found in both control sets" "$r" \
  '[.guest.xen_components[] | select(.kind=="service" and .name=="xenbus")] | length' 2
jq_eq "Citrix packages recognised (provider via %token%)" "$r" \
  '[.guest.driver_packages[] | select(.xen and (.path|test("/INF/oem")))] | length' 5
jq_eq "non-Xen oem0.inf not taken for Xen" "$r" \
  '[.guest.driver_packages[] | select((.path|test("oem0.inf$")) and .xen)] | length' 0
jq_eq "uninstall entries reported (Agent, VSS, Tools; not 7-Zip)" "$r" \
  '[.guest.xen_components[] | select(.kind=="uninstall-entry")] | length' 3
check_eq "inspect leaves the image as it was" "$(sum "$img")" "$orig"

# --- Dry run ----------------------------------------------------------------
check_run "dry run" 0 -n "${VIRTIO[@]}" --report "$WORK/dry.json" "$img"
check "dry run prints the plan" grep -q "^Plan: [0-9]* changes" "$WORK/out"
check "plan names xenbus Start" grep -qF 'ControlSet002\Services\xenbus: set Start = DWORD 4' "$WORK/out"
jq_eq "xenbus Start: old and new values structured" "$WORK/dry.json" \
  '[.plan[] | select(.key=="ControlSet002\\Services\\xenbus" and .value=="Start")][0] | "\(.old.type) \(.old.data) \(.new.type) \(.new.data)"' \
  "REG_DWORD 0 REG_DWORD 4"
jq_eq "every registry change says what it replaces" "$WORK/dry.json" \
  '[.plan[] | select(.hive and (has("old") | not))] | length' 0
jq_eq "deletions name what was there" "$WORK/dry.json" \
  '[.plan[] | select(.op=="delete-key" and .old == null)] | length' 0
jq_eq "dry run: nothing applied" "$WORK/dry.json" .applied false
planned=$(jq '.plan | length' "$WORK/dry.json")
check "plan is not empty" test "$planned" -gt 20
check_eq "dry run leaves the image as it was" "$(sum "$img")" "$orig"

# --- Fix --------------------------------------------------------------------
# Both streams into one file, as a pipeline's log: stdout is then fully
# buffered, and the plan it holds must still come before the phases that
# follow it on stderr.
"$V2V" "${VIRTIO[@]}" --report "$WORK/fix.json" "$img" >"$WORK/fix.log" 2>&1
check_eq "fix" "$?" 0
plan_at=$(grep -n '^Plan: ' "$WORK/fix.log" | cut -d: -f1)
apply_at=$(grep -n 'v2v-fixup: applying' "$WORK/fix.log" | cut -d: -f1)
check "one log of both streams: the plan comes before the apply phase" \
  test -n "$plan_at" -a -n "$apply_at" -a "${plan_at:-0}" -lt "${apply_at:-0}"
check "a fix prints a line per fix-up, not every change" bash -c \
  "grep -q '^\[xen-removal\] [0-9]* registry' '$WORK/fix.log' && ! grep -q 'set Start = DWORD' '$WORK/fix.log'"
jq_eq "virtio source" "$WORK/fix.json" .virtio.source_type iso
jq_eq "virtio boot driver" "$WORK/fix.json" \
  '.virtio.drivers[] | select(.role=="boot") | "\(.name) \(.folder)"' "vioscsi vioscsi/2k8R2/amd64"
jq_eq "fix result" "$WORK/fix.json" .result fixed
jq_eq "one appliance launch for inspect, apply and verify" "$WORK/fix.json" .run.appliance_launches 1
jq_eq "every planned change recorded, applied" "$WORK/fix.json" '"\(.applied) \(.plan | length)"' "true $planned"
check "image changed" test "$(sum "$img")" != "$orig"
fixed=$(sum "$img")

# --- Second run: nothing to do, nothing written --------------------------------
# On a terminal (script gives it one) each line says the seconds elapsed.
tty_out="$WORK/tty.out"
printf -v cmd '%q ' "$V2V" "${VIRTIO[@]}" --report "$WORK/again.json" "$img"
check "second run, on a terminal" script -qefc "$cmd" "$WORK/typescript" >"$tty_out"
check "on a terminal: elapsed seconds before each phase" \
  grep -qE '^\[ *[0-9]+\.[0-9]s\] v2v-fixup: starting the appliance' "$tty_out"
check "on a terminal: the plan is printed too" \
  grep -q "^Plan: nothing to change" "$tty_out"
jq_eq "second run result" "$WORK/again.json" .result nothing-to-do
jq_eq "second run plans nothing" "$WORK/again.json" '.plan | length' 0
check_eq "second run writes nothing" "$(sum "$img")" "$fixed"
jq_eq "only uninstall entries remain" "$WORK/again.json" \
  '[.guest.xen_components[] | select(.kind!="uninstall-entry")] | length' 0

# --- Read back ----------------------------------------------------------------
rb="$WORK/rb"
GP=/Windows/System32/GroupPolicy
readback "$img" 2 "$rb" \
  "get $GP/Machine/Scripts/scripts.ini $rb/scripts.ini" \
  "get $GP/gpt.ini $rb/gpt.ini" \
  "get $GP/Machine/Scripts/Startup/v2v-firstboot.cmd $rb/runner.cmd" \
  "ls /Windows/v2v-fixup/tasks $rb/tasks" \
  "get /Windows/v2v-fixup/tasks/20-static-ip-1.ps1 $rb/static-ip.ps1" \
  "get /Windows/v2v-fixup/tasks/10-uninstall-1.cmd $rb/uninstall-1.cmd" \
  "sum /Windows/System32/drivers/vioscsi.sys $rb/vioscsi.sum" \
  "ls /Windows/Drivers/VirtIO $rb/staged"
S="$rb/SYSTEM"
SYS='{4D36E97D-E325-11CE-BFC1-08002BE10318}'
HDC='{4D36E96A-E325-11CE-BFC1-08002BE10318}'
SCSI='{4D36E97B-E325-11CE-BFC1-08002BE10318}'
NET='{4D36E972-E325-11CE-BFC1-08002BE10318}'
DISK='{4D36E967-E325-11CE-BFC1-08002BE10318}'
VOL='{71A27CDD-812A-11D0-BEC7-08002BE2092F}'
for cs in ControlSet001 ControlSet002; do
  for svc in xenbus xenfilt xenvbd xenvif xennet xeniface xenagent; do
    check_eq "$cs $svc disabled" "$(hget "$S" "$cs\\Services\\$svc" Start)" 4
  done
  check_eq "$cs disk untouched" "$(hget "$S" "$cs\\Services\\disk" Start)" 0
  check_eq "$cs XEN Unplug gone" "$(hget "$S" "$cs\\Services\\XEN" Unplug)" ""
  check_eq "$cs XEN ForceUnplug gone" "$(hget "$S" "$cs\\Services\\XEN" ForceUnplug)" ""
  for svc in storahci pciide intelide; do
    check "$cs $svc StartOverride gone" bash -c "! hivexget '$S' '$cs\\Services\\$svc\\StartOverride' >/dev/null 2>&1"
    check "$cs $svc service kept" test -n "$(hget "$S" "$cs\\Services\\$svc" Start)"
  done
  check_eq "$cs System class filter gone" "$(hget "$S" "$cs\\Control\\Class\\$SYS" UpperFilters)" ""
  check_eq "$cs HDC class filter gone" "$(hget "$S" "$cs\\Control\\Class\\$HDC" UpperFilters)" ""
  check_eq "$cs SCSIAdapter scsifilt gone" "$(hget "$S" "$cs\\Control\\Class\\$SCSI" LowerFilters)" ""
  check_eq "$cs Net keeps its non-Xen filter" "$(hget "$S" "$cs\\Control\\Class\\$NET" UpperFilters | grep .)" acmefw
  check_eq "$cs DiskDrive PartMgr kept" "$(hget "$S" "$cs\\Control\\Class\\$DISK" UpperFilters | grep .)" PartMgr
  check_eq "$cs Volume volsnap kept" "$(hget "$S" "$cs\\Control\\Class\\$VOL" UpperFilters | grep .)" volsnap
  check_eq "$cs IDE instance filter gone" \
    "$(hget "$S" "$cs\\Enum\\PCI\\VEN_8086&DEV_7010&SUBSYS_00015853&REV_00\\3&267a616a&0&09" UpperFilters)" ""
  check "$cs IDE instance kept" test -n "$(hget "$S" "$cs\\Enum\\PCI\\VEN_8086&DEV_7010&SUBSYS_00015853&REV_00\\3&267a616a&0&09" Service)"
  check "$cs Xen CDD gone" bash -c "! hivexget '$S' '$cs\\Control\\CriticalDeviceDatabase\\pci#ven_5853&dev_0001' >/dev/null 2>&1"
  check_eq "$cs intelide CDD kept" "$(hget "$S" "$cs\\Control\\CriticalDeviceDatabase\\pci#ven_8086&dev_7010" Service)" intelide
  check_eq "$cs atapi CDD kept" "$(hget "$S" "$cs\\Control\\CriticalDeviceDatabase\\primary_ide_channel" Service)" atapi
  # Class instance keys: the Xen ones go, oem0.inf and machine.inf stay.
  infs=$(hivexregedit --export --unsafe-printable-strings "$S" "$cs\\Control\\Class" 2>/dev/null | grep -i '^"InfPath"' | sort | tr -d '\r')
  check "$cs no class key from a Xen inf" bash -c "! grep -qiE '\"oem[1-5]\.inf\"' <<<'$infs'"
  check "$cs oem0.inf class key kept" grep -qi '"oem0.inf"' <<<"$infs"
  check "$cs machine.inf class key kept" grep -qi '"machine.inf"' <<<"$infs"
done
check "Citrix oemN.inf removed" bash -c "! grep -qiE '^oem[1-5]\.(inf|pnf)$' '$rb/inf'"
check "non-Xen oem0.inf kept" grep -qix 'oem0.inf' "$rb/inf"
check "non-Xen oem0.pnf kept" grep -qix 'oem0.pnf' "$rb/inf"
check "Xen driver store folders removed" bash -c "! grep -qiE '^xen' '$rb/repo'"
check "non-Xen driver store folder kept" test "$(grep -vic '^xen' "$rb/repo")" -ge 1
check "uninstall entries left for first boot" bash -c \
  "hivexregedit --export --unsafe-printable-strings '$rb/SOFTWARE' 'Microsoft\\Windows\\CurrentVersion\\Uninstall' | grep -q 'Citrix Systems'"

# --- First boot: local GPO startup script and its tasks ------------------------
check_eq "first-boot tasks" "$(tr '\n' ' ' <"$rb/tasks")" \
  "10-uninstall-1.cmd 10-uninstall-2.cmd 15-pnputil.cmd 20-static-ip-1.cmd 20-static-ip-1.ps1 30-disks-online.cmd "
check "scripts.ini is UTF-16 with a BOM" test "$(head -c2 "$rb/scripts.ini" | od -An -tx1 | tr -d ' ')" = fffe
ini=$(iconv -f UTF-16 -t UTF-8 "$rb/scripts.ini" | tr -d '\r')
check "scripts.ini registers the runner" grep -qx '0CmdLine=v2v-firstboot.cmd' <<<"$ini"
check "scripts.ini passes the runner its index" grep -qx '0Parameters=0' <<<"$ini"
check "scripts.ini has the Startup section" grep -qx '\[Startup\]' <<<"$ini"
check "gpt.ini enables the scripts extension" grep -q '{42B5FAAE-6536-11D2-AE5A-0000F87571E3}{40B6664F-4972-11D1-A7CA-0000F87571E3}' "$rb/gpt.ini"
check "gpt.ini has a version" grep -qE '^Version=[1-9][0-9]*.?$' "$rb/gpt.ini"
check_eq "runner has CRLF line ends" "$(grep -vc $'\r$' "$rb/runner.cmd")" 0
check "runner placeholders filled" bash -c "! grep -qE '@[A-Z_]+@' '$rb/runner.cmd'"
check "runner unregisters its own key" grep -qF 'Scripts\Startup\0\%~1' "$rb/runner.cmd"
check "static IP task carries the old address" grep -qF "\$ip = @('192.168.50.21')" "$rb/static-ip.ps1"
check "uninstall task names the MSI product" grep -qF 'msiexec.exe /x {0A8F3D2B-6C41-4E9A-B5D7-1F2E3C4B5A69} /qn' "$rb/uninstall-1.cmd"
SW="$rb/SOFTWARE"
for k in 'Scripts\Startup' 'State\Machine\Scripts\Startup'; do
  key="Microsoft\\Windows\\CurrentVersion\\Group Policy\\$k\\0"
  check_eq "$k: local GPO" "$(hget "$SW" "$key" GPO-ID)" LocalGPO
  check_eq "$k: runner" "$(hget "$SW" "$key\\0" Script)" v2v-firstboot.cmd
  check_eq "$k: runner index" "$(hget "$SW" "$key\\0" Parameters)" 0
done
jq_eq "non-MSI Xen tools reported for manual removal" "$WORK/fix.json" \
  '[.warnings[] | select(test("Citrix XenServer Tools"))] | length' 1

# --- virtio-scsi from the ISO: vioscsi boot-start through the CDD (before 8) ---
check_eq "vioscsi.sys copied from the ISO" "$(cat "$rb/vioscsi.sum")" \
  "$(sha256sum "$VIRTIO_FIXTURE/tree/vioscsi/2k8R2/amd64/vioscsi.sys" | cut -d' ' -f1)"
for cs in ControlSet001 ControlSet002; do
  check_eq "$cs vioscsi Start" "$(hget "$S" "$cs\\Services\\vioscsi" Start)" 0
  check_eq "$cs vioscsi ErrorControl" "$(hget "$S" "$cs\\Services\\vioscsi" ErrorControl)" 1
  check_eq "$cs vioscsi BusType from the INF" "$(hget "$S" "$cs\\Services\\vioscsi\\Parameters" BusType)" 10
  check_eq "$cs vioscsi PnpInterface\\5" "$(hget "$S" "$cs\\Services\\vioscsi\\Parameters\\PnpInterface" 5)" 1
  check_eq "$cs vioscsi event-log source" \
    "$(hget "$S" "$cs\\Services\\EventLog\\System\\vioscsi" TypesSupported)" 7
  check_eq "$cs no Owners before Windows 8" "$(hget "$S" "$cs\\Services\\vioscsi" Owners)" ""
  for id in 'pci#ven_1af4&dev_1004&subsys_00081af4&rev_00' 'pci#ven_1af4&dev_1004' \
    'pci#ven_1af4&dev_1048&subsys_11001af4&rev_01' 'pci#ven_1af4&dev_1048'; do
    check_eq "$cs CDD $id" "$(hget "$S" "$cs\\Control\\CriticalDeviceDatabase\\$id" Service)" vioscsi
  done
  check "$cs viostor not made boot-start" bash -c "! hivexget '$S' '$cs\\Services\\viostor' >/dev/null 2>&1"
done
check "no driver database on 2008 R2" bash -c "! hivexget '$S' DriverDatabase >/dev/null 2>&1"
# Everything virtio-win has for 2k8R2 (no fwcfg, qxldod or viogpudo there).
check_eq "staged drivers" "$(sort "$rb/staged" | tr '\n' ' ')" \
  "balloon netkvm pvpanic vioinput viorng vioscsi vioser viostor "
jq_eq "staged drivers reported with the 2k8R2 DriverVer" "$WORK/fix.json" \
  '[.virtio.drivers[] | select(.role=="staged") | "\(.name) \(.driver_ver)"] | sort | join(",")' \
  "$(printf '%s 08/30/2019,62.77.104.17300,' balloon netkvm pvpanic vioinput viorng vioser viostor | sed 's/,$//')"


finish
