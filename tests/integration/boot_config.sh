#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# BCD verification and rebuild: a store naming another disk is repaired, a
# missing one is rebuilt complete, one that is not a hive is replaced (and
# kept aside); the UEFI fallback loader is covered by win2019.sh.
. "$(dirname "$0")/lib.sh"
# This test is not about drivers: every run fixes without virtio (a Windows
# guest with no virtio-win source is refused otherwise).
printf '#!/bin/sh\nexec "%s" --no-virtio "$@"\n' "$V2V" >"$WORK/v2v-no-virtio"
chmod +x "$WORK/v2v-no-virtio"
V2V=$WORK/v2v-no-virtio

stale=$(copy_fixture "$WIN2008R2_IMG")
mv "$stale" "$WORK/stale.img" && stale="$WORK/stale.img"
missing=$(copy_fixture "$WIN7_IMG")
damaged=$(copy_fixture "$WIN2019_IMG")

# A store copied from another disk: the fixture's own BCD with every
# occurrence of the disk signature changed (values are not checksummed).
orig_bcd="$FIXTURES/hives/${WIN2008R2_IMG%.img}/BCD"
cp "$orig_bcd" "$WORK/stale-BCD"
perl -0777 -pi -e 's/\x08\x20\xED\x5E/\xEF\xBE\xAD\xDE/g' "$WORK/stale-BCD"
check "stale store made" test -s "$WORK/stale-BCD"
check_eq "stale store names another disk" "$(cmp -l "$orig_bcd" "$WORK/stale-BCD" 2>/dev/null | wc -l | awk '$1 > 0 {print "yes"}')" yes
guestfish --format=raw -a "$stale" -a "$missing" -a "$damaged" >"$WORK/prep.log" 2>&1 <<GF
run
mount /dev/sda1 /
upload $WORK/stale-BCD /Boot/BCD
umount /
mount /dev/sdb1 /
rm /Boot/BCD
umount /
mount /dev/sdc1 /
write /EFI/Microsoft/Boot/BCD "this is not a registry hive"
GF
check "broken copies prepared" test $? -eq 0

check_run "stale: fix" 0 --report "$WORK/stale.json" "$stale"
jq_eq "stale: seen as not matching" "$WORK/stale.json" .guest.bcd.devices_match false
check "stale: problem names the other disk" bash -c \
  "jq -r '.guest.bcd.problems[]' '$WORK/stale.json' | grep -q 'MBR disk DEADBEEF'"
jq_eq "stale: loader and boot manager elements repaired" "$WORK/stale.json" \
  '[.plan[] | select(.hive=="BCD" and .value=="Element")] | length' \
  "$(jq '.guest.bcd.problems | length' "$WORK/stale.json")"

check_run "missing: fix" 0 --report "$WORK/missing.json" "$missing"
jq_eq "missing: no store found" "$WORK/missing.json" .guest.bcd.path null
jq_eq "missing: store written" "$WORK/missing.json" \
  '[.plan[] | select(.op=="write-file" and (.path|test("/Boot/BCD$")))] | length' 1
check_run "damaged: fix" 0 --report "$WORK/damaged.json" "$damaged"
jq_eq "damaged: seen as unreadable" "$WORK/damaged.json" .guest.bcd.readable false
jq_eq "damaged: kept aside" "$WORK/damaged.json" \
  '[.plan[] | select(.op=="copy-file" and (.path|test("BCD.v2v-damaged$")))] | length' 1

rb="$WORK/rb"
readback_bcd() { # IMAGE OUT-NAME BCD-PATH [BACKUP-PATH]
  part_copy "$1" 1 "$rb/p" && fs_cat "$rb/p" "$3" >"$rb/$2" &&
    if [ -n "${4-}" ]; then fs_cat "$rb/p" "$4" >"$rb/$2-backup"; fi
}
mkdir -p "$rb"
readback_bcd "$stale" stale /Boot/BCD &&
  readback_bcd "$missing" missing /Boot/BCD &&
  readback_bcd "$damaged" damaged /EFI/Microsoft/Boot/BCD /EFI/Microsoft/Boot/BCD.v2v-damaged
check "read back" test $? -eq 0

export_bcd() { hivexregedit --export --unsafe-printable-strings "$1" '\' 2>/dev/null | tr -d '\r'; }
# Device elements as hivexregedit prints them: the disk signature bytes.
check_eq "stale: no element names the old disk" "$(export_bcd "$rb/stale" | grep -ci 'ef,be,ad,de')" 0
check "stale: elements name this disk" bash -c "[ \$(hivexregedit --export '$rb/stale' '\\' | tr -d '\\r\\n\\\\ ' | grep -o '08,20,ed,5e' | wc -l) -ge 3 ]"

for store in missing damaged; do
  dump=$(export_bcd "$rb/$store")
  check "$store: Description is BCD00000000" grep -q '"KeyName"=str(1):"BCD00000000"' <<<"$dump"
  for obj in 9dea862c-5cdd-4e70-acc1-f32b344d4795 b2721d73-1db4-4c62-bf78-c548a880142d \
    7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e 6efb52bf-1766-41db-a6b3-0ee5eff72bd7 \
    1afa9c49-16ab-4a5c-901b-212802da9460 4636856e-540f-4170-a130-a84776f4c654; do
    check "$store: object {$obj}" grep -qi "^\\[\\\\Objects\\\\{$obj}\\\\Description\\]" <<<"$dump"
  done
  loader=$(hget "$rb/$store" 'Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements\23000003' Element)
  check "$store: boot manager has a default loader" test -n "$loader"
  check_eq "$store: default is an OS loader" \
    "$(hget "$rb/$store" "Objects\\$loader\\Description" Type)" "$((0x10200003))"
  for el in 11000001 12000002 12000004 14000006 21000001 22000002 23000003; do
    check "$store: loader element $el" test -n "$(hget "$rb/$store" "Objects\\$loader\\Elements\\$el" Element)"
  done
  check_eq "$store: loader system root" "$(hget "$rb/$store" "Objects\\$loader\\Elements\\22000002" Element)" '\Windows'
done
check_eq "missing (BIOS): winload.exe" "$(hget "$rb/missing" "Objects\\$(hget "$rb/missing" 'Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements\23000003' Element)\\Elements\\12000002" Element)" '\Windows\system32\winload.exe'
check_eq "damaged (UEFI): winload.efi" "$(hget "$rb/damaged" "Objects\\$(hget "$rb/damaged" 'Objects\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\Elements\23000003' Element)\\Elements\\12000002" Element)" '\Windows\system32\winload.efi'
check "damaged (UEFI): firmware boot manager" grep -qi 'a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba' <<<"$(export_bcd "$rb/damaged")"
check_eq "damaged: backup is the old bytes" "$(cat "$rb/damaged-backup")" "this is not a registry hive"

finish
