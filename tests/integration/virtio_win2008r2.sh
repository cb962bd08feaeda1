#!/bin/bash
# Windows Server 2008 R2 (before 8): a source without a driver for it is
# refused and the image stays byte-identical; then virtio-scsi from the
# ISO: vioscsi boot-start with CriticalDeviceDatabase entries in both
# control sets, nothing in a driver database.
. "$(dirname "$0")/lib.sh"
: "${VIRTIO_FIXTURE:?built by tests/fixtures/make-virtio-win.sh}"

img=$(copy_fixture "$WIN2008R2_IMG")
orig=$(sum "$img")
# A source with Windows 10 drivers only.
mkdir -p "$WORK/w10only/viostor"
cp -r "$VIRTIO_FIXTURE/tree/viostor/w10" "$WORK/w10only/viostor/"
check_run "no driver for the guest: refused" 3 --virtio-win "$WORK/w10only" "$img"
check "refusal names the version and the folders" \
  grep -q 'no viostor driver for .*6.1 Server.*viostor/{2k8R2}/{amd64}' "$WORK/err"
check_eq "refused image byte-identical" "$(sum "$img")" "$orig"

check_run "fix" 0 --virtio-win "$VIRTIO_FIXTURE/virtio-win.iso" \
  --block-driver virtio-scsi --report "$WORK/fix.json" "$img"
r="$WORK/fix.json"
jq_eq "result" "$r" .result fixed
jq_eq "source type" "$r" .virtio.source_type iso
jq_eq "boot driver" "$r" '.virtio.drivers[] | select(.role=="boot") | "\(.name) \(.folder)"' \
  "vioscsi vioscsi/2k8R2/amd64"

rb="$WORK/rb"
readback "$img" /dev/sda2 "$rb" \
  "checksum sha256 /Windows/System32/drivers/vioscsi.sys | cat > $rb/vioscsi.sum" \
  "ls /Windows/Drivers/VirtIO | cat > $rb/staged"
S="$rb/SYSTEM"
check_eq "vioscsi.sys copied from the ISO" "$(cat "$rb/vioscsi.sum")" \
  "$(sha256sum "$VIRTIO_FIXTURE/tree/vioscsi/2k8R2/amd64/vioscsi.sys" | cut -d' ' -f1)"
for cs in ControlSet001 ControlSet002; do
  check_eq "$cs vioscsi Start" "$(hget "$S" "$cs\\Services\\vioscsi" Start)" 0
  check_eq "$cs vioscsi ErrorControl" "$(hget "$S" "$cs\\Services\\vioscsi" ErrorControl)" 1
  for id in 'pci#ven_1af4&dev_1004&subsys_00081af4&rev_00' 'pci#ven_1af4&dev_1004' \
    'pci#ven_1af4&dev_1048&subsys_11001af4&rev_01' 'pci#ven_1af4&dev_1048'; do
    check_eq "$cs CDD $id" "$(hget "$S" "$cs\\Control\\CriticalDeviceDatabase\\$id" Service)" vioscsi
  done
  check "$cs viostor not made boot-start" bash -c "! hivexget '$S' '$cs\\Services\\viostor' >/dev/null 2>&1"
done
check "no driver database on 2008 R2" bash -c "! hivexget '$S' DriverDatabase >/dev/null 2>&1"
check_eq "staged drivers" "$(sort "$rb/staged" | tr '\n' ' ')" "balloon netkvm viorng vioscsi vioser viostor "

finish
