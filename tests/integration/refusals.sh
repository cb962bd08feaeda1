#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Guests that cannot be fixed offline, and a disk with no OS: a clear error
# line, the documented exit code, the image byte-identical.
. "$(dirname "$0")/lib.sh"

refuse() { # FIXTURE STATUS PATTERN RESULT
  local img before
  img=$(copy_fixture "$1")
  before=$(sum "$img")
  check_run "$1" "$2" -q --report "$WORK/$1.json" "$img"
  check "$1: error names the problem" grep -q -- "$3" "$WORK/err"
  check_eq "$1: errors on stderr" "$(grep -vc 'v2v-fixup: error:' "$WORK/err")" 0
  check_eq "$1: image untouched" "$(sum "$img")" "$before"
  jq_eq "$1: report result" "$WORK/$1.json" .result "$4"
  check_schema "$1: the report follows the schema" "$WORK/$1.json"
  jq_eq "$1: report exit code" "$WORK/$1.json" .exit_code "$2"
  check_eq "$1: refusal listed at the top of the report (only if refused)" \
    "$(jq -r --arg p "$3" '[.refusals[] | index($p) != null] | any' "$WORK/$1.json")" \
    "$([ "$4" = refused ] && echo true || echo false)"
  rm -f "$img"
}

refuse noos.img 1 "no operating system found in .*noos.img" error
refuse hibernated.img 3 "hibernated or was shut down with Fast Startup" refused
refuse bitlocker.img 3 "partition 2 (/dev/sda2) is encrypted with BitLocker" refused
refuse dynamic.img 3 "dynamic disk" refused

# A Group Policy that blocks installing unlisted devices (DenyUnspecified)
# in the Windows 7 guest's SOFTWARE hive, put there on the host (ntfs-3g):
# refused with exit 3, or, with --lift-device-restrictions, planned away.
phase "a device-install policy that would block virtio"
img=$(copy_fixture "$WIN7_IMG")
read -r start size < <(sfdisk -J "$img" |
  jq -r '.partitiontable.partitions[0] | "\(.start) \(.size)"')
part_copy "$img" 1 "$WORK/p1"
ntfscat "$WORK/p1" /Windows/System32/config/SOFTWARE >"$WORK/SOFTWARE"
{
  echo 'Windows Registry Editor Version 5.00'
  k='HKEY_LOCAL_MACHINE\SOFTWARE\Policies'
  for sub in '' '\Microsoft' '\Microsoft\Windows' \
             '\Microsoft\Windows\DeviceInstall' \
             '\Microsoft\Windows\DeviceInstall\Restrictions'; do
    printf '\n[%s%s]\n' "$k" "$sub"
  done
  echo '"DenyUnspecified"=dword:00000001'
} >"$WORK/policy.reg"
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$WORK/SOFTWARE" "$WORK/policy.reg"
ntfscp -f "$WORK/p1" "$WORK/SOFTWARE" /Windows/System32/config/SOFTWARE
dd if="$WORK/p1" of="$img" bs=1M oflag=seek_bytes seek=$((start * 512)) \
  conv=notrunc status=none
rm -f "$WORK/p1"
before=$(sum "$img")
check_run "device-install policy: refused" 3 --virtio-win "$VIRTIO_FIXTURE/tree" \
  --report "$WORK/policy.json" "$img"
check "device-install policy: says what and how" \
  grep -q "Group Policy blocks installing the virtio devices.*DenyUnspecified.*--lift-device-restrictions" "$WORK/err"
check_eq "device-install policy: image untouched" "$(sum "$img")" "$before"
jq_eq "device-install policy: reported" "$WORK/policy.json" .result refused
check_run "--lift-device-restrictions: planned" 0 -n --lift-device-restrictions \
  --virtio-win "$VIRTIO_FIXTURE/tree" --report "$WORK/lift.json" "$img"
jq_eq "--lift-device-restrictions: DenyUnspecified set to 0" "$WORK/lift.json" \
  '[.plan[] | select(.key == "Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions" and .value == "DenyUnspecified")] | length' 1
rm -f "$img"

# A BitLocker raw image is refused on the host, before any launch: with an
# appliance that cannot start, the answer is still 3 and nothing launched.
img=$(copy_fixture bitlocker.img)
LIBGUESTFS_HV=/bin/false check_run "bitlocker, no appliance" 3 \
  --report "$WORK/nolaunch.json" "$img"
check "bitlocker, no appliance: says why" grep -q "encrypted with BitLocker" "$WORK/err"
jq_eq "bitlocker, no appliance: no launch" "$WORK/nolaunch.json" \
  '.run.appliance_launches' 0
rm -f "$img"

finish
