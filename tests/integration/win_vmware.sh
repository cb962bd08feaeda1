#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Windows Server 2016 from ESXi with VMware Tools 12.x (tests/fixtures/
# win2016-vmware): --inspect lists the VMware Tools components; the fix
# (-o, the fixture copy stays as it was) disables every VMware service and
# driver, takes their filters off the mouse devices, removes their driver
# packages, keeps the paravirtual SCSI driver the guest boots from and
# everything Intel's or Microsoft's, and schedules the MSI's uninstall and
# the VMXNET3 NIC's static address for the first boot; a second run on the
# output plans nothing. Read back on the host (hivexget, ntfscat).
# Launches: inspect, fix, second run.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
VIRTIO=(--virtio-win "$VIRTIO_FIXTURE/virtio-win.iso")

img=$(copy_fixture "$WIN2016_IMG")
orig=$(sum "$img")

# --- Inspection ---------------------------------------------------------------
phase "inspecting the guest"
check_run "inspect" 0 --inspect --report "$WORK/inspect.json" "$img"
out="$WORK/out"
for want in "$WIN2016_PRODUCT" "Version:       10.0 build 14393" "edition ServerStandard" \
  "Hostname:      $WIN2016_HOSTNAME" "MBR, signature 5EED2016" "Xen PV components: 0" \
  "VMware Tools components:" "service          VMTools" "service          vmxnet3ndis6" \
  "filter           UpperFilters" "driver-store     vmci.inf" "uninstall-entry  VMware Tools"; do
  check "inspect prints '$want'" grep -qF -- "$want" "$out"
done
check "inspect marks pvscsi kept" grep -qE '^  service +pvscsi .*\(kept\)$' "$out"
check "inspect lists no other VMware product" bash -c "! grep -q 'Horizon' '$out'"
r="$WORK/inspect.json"
check_schema "inspect report follows the schema" "$r"
jq_eq "no Xen component" "$r" '.guest.xen_components | length' 0
jq_eq "every VMware component says its vendor" "$r" \
  '[.guest.vmware_components[] | select(.vendor != "vmware")] | length' 0
jq_eq "services found (pvscsi kept)" "$r" \
  '[.guest.vmware_components[] | select(.kind=="service") | "\(.name)\(if .kept then "=kept" else "" end)"] | sort | join(",")' \
  "VGAuthService,VMMemCtl,VMTools,pvscsi=kept,vm3dmp,vm3dmp-debug,vm3dmp-stats,vm3dmp_loader,vm3dservice,vmci,vmmouse,vmrawdsk,vmusbmouse,vmvss,vmwefifw,vmxnet3ndis6,vnetWFP,vsepflt,vsock"
jq_eq "filters on the two mouse devices, none on the Mouse class" "$r" \
  '[.guest.vmware_components[] | select(.kind=="filter") | .key | split("\\")[1]] | sort | join(",")' "Enum,Enum"
jq_eq "the uninstall entry is VMware Tools' only" "$r" \
  '[.guest.vmware_components[] | select(.kind=="uninstall-entry") | "\(.name) \(.detail)"] | join(",")' \
  "VMware Tools MsiExec.exe /I$WIN2016_TOOLS_PRODUCT"
jq_eq "VMware's packages recognised, pvscsi's kept, Intel's nobody's" "$r" \
  '[.guest.driver_packages[] | select(.path|test("/INF/oem")) | "\(.path|split("/")[-1]):\(.vendor):\(.kept)"] | sort | join(",")' \
  "oem0.inf:null:false,oem1.inf:vmware:true,oem2.inf:vmware:false,oem3.inf:vmware:false,oem4.inf:vmware:false,oem5.inf:vmware:false,oem6.inf:vmware:false"
jq_eq "everything of pvscsi is kept" "$r" \
  '[.guest.vmware_components[] | select((.name|test("pvscsi|^oem1\\.[ip]nf$"; "i")) or (.key // "" | test("pvscsi|DEV_07C0"; "i"))) | .kept] | unique | join(",")' true
jq_eq "pvscsi found as service, class instance, driver database, inf and store folder" "$r" \
  '[.guest.vmware_components[] | select(.kept) | .kind] | unique | join(",")' \
  "class-instance,driver-database,driver-store,inf-file,service"

# --- Fix, to a new raw disk -------------------------------------------------------
phase "fixing the guest into a new disk (-o)"
fixed="$WORK/fixed.raw"
check_run "fix" 0 "${VIRTIO[@]}" -o "$fixed" -O raw --report "$WORK/fix.json" "$img"
r="$WORK/fix.json"
check_schema "fix report follows the schema" "$r"
jq_eq "result" "$r" .result fixed
check_eq "the input is untouched" "$(sum "$img")" "$orig"
jq_eq "VMware Tools removal planned" "$r" '[.plan[] | select(.fixup=="vmware-tools-removal")] | length > 20' true
jq_eq "no Xen removal" "$r" '[.plan[] | select(.fixup=="xen-removal")] | length' 0
jq_eq "nothing of pvscsi or Intel's is changed" "$r" \
  '[.plan[] | select((.key // .path // "") | test("pvscsi|oem[01]\\.|e1d68x64|Services\\\\disk$|LSI_SAS|i8042prt|mouclass|vmgencounter"; "i"))] | length' 0
jq_eq "first boot: VMware Tools uninstalled" "$r" \
  '[.plan[] | select(.fixup=="firstboot" and (.why|test("uninstall"))) | .why] | join(",")' \
  "first boot: uninstall VMware Tools"
jq_eq "first boot: the VMXNET3 NIC's static IP on the new NIC" "$r" \
  '[.plan[] | select(.fixup=="firstboot" and (.why|test("static IP"))) | .why] | unique | join(",")' \
  "first boot: static IP $WIN2016_STATIC_IP of interface {6E2B9D14-8C3F-4A57-B0E1-5D7C2A9F3B48} on the new NIC"

phase "second run on the output: must change nothing"
fixed_sum=$(sum "$fixed")
check_run "second run" 0 "${VIRTIO[@]}" --report "$WORK/again.json" "$fixed"
jq_eq "second run result" "$WORK/again.json" .result nothing-to-do
jq_eq "second run plans nothing" "$WORK/again.json" '.plan | length' 0
jq_eq "second run: only pvscsi and the uninstall entry are left" "$WORK/again.json" \
  '[.guest.vmware_components[] | select(.kept | not) | .kind] | join(",")' uninstall-entry
check_eq "second run writes nothing" "$(sum "$fixed")" "$fixed_sum"

# --- Read back on the host -------------------------------------------------------
phase "reading the fixed guest back on the host"
rb="$WORK/rb"
T=/Windows/v2v-fixup/tasks
readback "$fixed" 2 "$rb" "ls $T $rb/tasks" "get $T/10-uninstall-1.cmd $rb/uninstall.cmd" \
  "get $T/20-static-ip-1.ps1 $rb/static-ip.ps1"
S="$rb/SYSTEM" CS='ControlSet001'
for svc in VMTools VGAuthService vm3dservice vmvss vmci vsock vm3dmp vm3dmp_loader vm3dmp-debug \
  vm3dmp-stats vmmouse vmusbmouse VMMemCtl vmxnet3ndis6 vmrawdsk vmwefifw vsepflt vnetWFP; do
  check_eq "$svc disabled" "$(hget "$S" "$CS\\Services\\$svc" Start)" 4
done
for kept in pvscsi=0 disk=0 LSI_SAS=3 storahci=3 i8042prt=3 mouclass=3 mouhid=3 vmgencounter=3 e1dexpress=3; do
  check_eq "${kept%=*} untouched" "$(hget "$S" "$CS\\Services\\${kept%=*}" Start)" "${kept#*=}"
done
check "the minifilter's instance is left (it loads with its driver only)" \
  test -n "$(hget "$S" "$CS\\Services\\vsepflt\\Instances\\vsepflt Instance" Altitude)"
check "vmmouse no longer filters the PS/2 mouse" bash -c \
  "! hivexget '$S' '$CS\\Enum\\ACPI\\PNP0F13\\4&1bd7f811&0' UpperFilters >/dev/null 2>&1"
check_eq "the PS/2 mouse keeps i8042prt" "$(hget "$S" "$CS\\Enum\\ACPI\\PNP0F13\\4&1bd7f811&0" Service)" i8042prt
check_eq "the USB mouse keeps its other filter" \
  "$(hget "$S" "$CS\\Enum\\HID\\VID_0E0F&PID_0003&MI_01\\7&2a4e1b5c&0&0000" UpperFilters)" acmemou
check_eq "the Mouse class keeps mouclass" \
  "$(hget "$S" "$CS\\Control\\Class\\{4D36E96F-E325-11CE-BFC1-08002BE10318}" UpperFilters)" mouclass
C="$CS\\Control\\Class"
for gone in '{4D36E972-E325-11CE-BFC1-08002BE10318}\0007' '{4D36E968-E325-11CE-BFC1-08002BE10318}\0000' \
  '{4D36E96F-E325-11CE-BFC1-08002BE10318}\0000' '{4D36E96F-E325-11CE-BFC1-08002BE10318}\0001' \
  '{4D36E97D-E325-11CE-BFC1-08002BE10318}\0041'; do
  check "class instance $gone gone" bash -c "! hivexget '$S' '$C\\$gone' >/dev/null 2>&1"
done
for kept in '{4D36E972-E325-11CE-BFC1-08002BE10318}\0001' '{4D36E97B-E325-11CE-BFC1-08002BE10318}\0000' \
  '{4D36E97B-E325-11CE-BFC1-08002BE10318}\0001' '{4D36E97D-E325-11CE-BFC1-08002BE10318}\0000'; do
  check "class instance $kept kept" test -n "$(hget "$S" "$C\\$kept" InfPath)"
done
for H in SYSTEM DRIVERS; do
  db=$(hivexregedit --export --unsafe-printable-strings "$rb/$H" DriverDatabase 2>/dev/null | tr -d '\r')
  check "$H: DriverDatabase read back" test -n "$db"
  for n in 2 3 4 5 6; do
    check "$H: oem$n.inf registration gone" bash -c "! grep -qi 'DriverInfFiles\\\\oem$n.inf\\]' <<<\"\$0\"" "$db"
  done
  for inf in oem0.inf oem1.inf msmouse.inf lsi_sas.inf; do
    check "$H: $inf registration kept" grep -qi "DriverInfFiles\\\\$inf\\]" <<<"$db"
  done
  check "$H: no VMware package left but pvscsi's" bash -c \
    "! grep -iE '^\\[.*DriverPackages\\\\(vmci|vmxnet3|vm3d|vmmouse|vmusbmouse)' <<<\"\$0\"" "$db"
  check "$H: pvscsi's and Intel's packages kept" bash -c \
    "grep -qi 'DriverPackages\\\\pvscsi.inf_amd64' <<<\"\$0\" && grep -qi 'DriverPackages\\\\e1d68x64.inf_amd64' <<<\"\$0\"" "$db"
  pnp=$(sed -n '/^\[.*DeviceIds\\\*PNP0F13\]/,/^$/p' <<<"$db")
  check "$H: *PNP0F13 matched by msmouse.inf only" bash -c \
    "grep -q '^\"msmouse.inf\"' <<<\"\$0\" && ! grep -q '^\"oem5.inf\"' <<<\"\$0\"" "$pnp"
  check "$H: the VMXNET3 device ID entry gone" bash -c "! grep -qi 'DeviceIds\\\\PCI\\\\VEN_15AD&DEV_07B0\\]' <<<\"\$0\"" "$db"
  check "$H: the PVSCSI device ID entry kept" grep -qi 'DeviceIds\\PCI\\VEN_15AD&DEV_07C0\]' <<<"$db"
done
check "oem2-6 removed" bash -c "! grep -qiE '^oem[2-6]\.(inf|pnf)$' '$rb/inf'"
check "oem0 and oem1 kept" bash -c "grep -qix oem0.inf '$rb/inf' && grep -qix oem1.inf '$rb/inf'"
check "VMware driver store folders removed" bash -c "! grep -qiE '^(vmci|vmxnet3ndis6|vm3d|vmmouse|vmusbmouse)\.inf_' '$rb/repo'"
check "pvscsi and Intel driver store folders kept" bash -c \
  "grep -qi '^pvscsi.inf_amd64' '$rb/repo' && grep -qi '^e1d68x64.inf_amd64' '$rb/repo'"
U='Microsoft\Windows\CurrentVersion\Uninstall'
check_eq "the MSI's entry is left for the MSI to remove" "$(hget "$rb/SOFTWARE" "$U\\$WIN2016_TOOLS_PRODUCT" DisplayName)" "VMware Tools"
check_eq "Horizon Agent untouched" "$(hget "$rb/SOFTWARE" "$U\\{B23352D8-AD44-4379-A56E-0E337F9C4036}" DisplayName)" "VMware Horizon Agent"

# First-boot tasks: one uninstall (VMware Tools, by product code, /x), the
# static address.
check_eq "first-boot tasks" "$(grep -E '^(10|20)-' "$rb/tasks" | sort | tr '\n' ' ')" \
  "10-uninstall-1.cmd 20-static-ip-1.cmd 20-static-ip-1.ps1 "
check "the uninstall task removes VMware Tools' product" \
  grep -qF "msiexec.exe /x $WIN2016_TOOLS_PRODUCT /qn" "$rb/uninstall.cmd"
check "the task names the product" grep -qF '"VMware Tools"' "$rb/uninstall.cmd"
check "static IP task: address, mask, gateway, DNS" bash -c \
  "grep -qF \"\\\$ip = @('$WIN2016_STATIC_IP')\" '$rb/static-ip.ps1' && grep -qF \"'255.255.255.0'\" '$rb/static-ip.ps1' && grep -qF \"'10.20.30.1'\" '$rb/static-ip.ps1' && grep -qF \"'10.20.30.2','10.20.30.3'\" '$rb/static-ip.ps1'"
check_eq "viostor boot-start" "$(hget "$S" "$CS\\Services\\viostor" Start)" 0
finish
