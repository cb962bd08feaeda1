#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Windows 7 x86 with GPLPV drivers: one partition holds boot and system,
# and the current control set is ControlSet002; viostor from the w7/x86
# folder of a virtio-win directory.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"
VIRTIO=(--virtio-win "$VIRTIO_FIXTURE/tree")

img=$(copy_fixture "$WIN7_IMG")
orig=$(sum "$img")

check_run "fix" 0 "${VIRTIO[@]}" --report "$WORK/fix.json" "$img"
r="$WORK/fix.json"
jq_eq "result" "$r" .result fixed
jq_eq "boot driver from w7/x86" "$r" \
  '.virtio.drivers[] | select(.role=="boot") | .folder' viostor/w7/x86
jq_eq "arch (libvirt's name for 32-bit x86)" "$r" .guest.arch i686
jq_eq "variant" "$r" .guest.product_variant Client
jq_eq "edition" "$r" .guest.edition Professional
jq_eq "current control set" "$r" .guest.current_control_set ControlSet002
jq_eq "BCD on the Windows partition" "$r" .guest.bcd.path /c/Boot/BCD
jq_eq "BCD devices match" "$r" .guest.bcd.devices_match true
jq_eq "GPLPV packages recognised" "$r" \
  '[.guest.driver_packages[] | select(.xen and (.path|test("/INF/oem")))] | length' 4
jq_eq "GPLPV uninstall entry reported" "$r" \
  '[.guest.xen_components[] | select(.kind=="uninstall-entry") | .name] | join(",")' \
  "GPLPV Drivers for Windows x32"
fixed=$(sum "$img")
check "image changed" test "$fixed" != "$orig"

check_run "second run" 0 "${VIRTIO[@]}" --report "$WORK/again.json" "$img"
jq_eq "second run result" "$WORK/again.json" .result nothing-to-do
check_eq "second run writes nothing" "$(sum "$img")" "$fixed"

rb="$WORK/rb"
readback "$img" 1 "$rb" \
  "sum /Windows/System32/drivers/viostor.sys $rb/viostor.sum"
S="$rb/SYSTEM"
HDC='{4D36E96A-E325-11CE-BFC1-08002BE10318}'
SCSI='{4D36E97B-E325-11CE-BFC1-08002BE10318}'
NET='{4D36E972-E325-11CE-BFC1-08002BE10318}'
for cs in ControlSet001 ControlSet002; do
  for svc in XenPCI XenVbd XenNet XenStub ShutdownMon; do
    check_eq "$cs $svc disabled" "$(hget "$S" "$cs\\Services\\$svc" Start)" 4
  done
  check_eq "$cs E1G60 untouched" "$(hget "$S" "$cs\\Services\\E1G60" Start)" 3
  check_eq "$cs HDC XenPCI filter gone" "$(hget "$S" "$cs\\Control\\Class\\$HDC" UpperFilters)" ""
  check_eq "$cs SCSIAdapter XenPCI filter gone" "$(hget "$S" "$cs\\Control\\Class\\$SCSI" UpperFilters)" ""
  check_eq "$cs Net keeps acmefw" "$(hget "$S" "$cs\\Control\\Class\\$NET" UpperFilters | grep .)" acmefw
  check_eq "$cs AutoReboot off" "$(hget "$S" "$cs\\Control\\CrashControl" AutoReboot)" 0
  cdd=$(hivexregedit --export --unsafe-printable-strings "$S" "$cs\\Control\\CriticalDeviceDatabase" 2>/dev/null | tr -d '\r')
  check "$cs no CDD entry routed to a GPLPV service" bash -c "! grep -qiE '^\"Service\"=str\\(1\\):\"Xen' <<<\"\$0\"" "$cdd"
  check "$cs in-box CDD entries kept" grep -qi '"atapi"' <<<"$cdd"
done
check "GPLPV oem1-4 removed" bash -c "! grep -qiE '^oem[1-4]\.(inf|pnf)$' '$rb/inf'"
check "oem0.inf kept" grep -qix oem0.inf "$rb/inf"
check "GPLPV driver store folders removed" bash -c "! grep -qi '^xen' '$rb/repo'"
check "Intel driver store folder kept" grep -qi '^e1g6032e.inf_x86' "$rb/repo"

check_eq "x86 viostor.sys" "$(cat "$rb/viostor.sum")" \
  "$(sha256sum "$VIRTIO_FIXTURE/tree/viostor/w7/x86/viostor.sys" | cut -d' ' -f1)"
for cs in ControlSet001 ControlSet002; do
  check_eq "$cs viostor Start" "$(hget "$S" "$cs\\Services\\viostor" Start)" 0
  check_eq "$cs viostor CDD" "$(hget "$S" "$cs\\Control\\CriticalDeviceDatabase\\pci#ven_1af4&dev_1001&subsys_00021af4&rev_00" Service)" viostor
done

finish
