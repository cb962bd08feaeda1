#!/bin/bash
# A virtio-win source without a storage driver for the guest (Windows
# Server 2008 R2, a tree with Windows 10 drivers only) is refused before
# any change: exit 3, the image byte-identical.
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


finish
