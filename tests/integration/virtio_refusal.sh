#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A virtio-win source without a storage driver for the guest (Windows
# Server 2008 R2, a tree with Windows 10 drivers only) is refused before
# any change: exit 3, the image byte-identical. With --no-virtio the same
# guest, the same source named by $VIRTIO_WIN, is fixed without virtio.
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
check "refusal points at --no-virtio" grep -q -- '--no-virtio' "$WORK/err"
check_eq "refused image byte-identical" "$(sum "$img")" "$orig"

# No source at all (none given, none at $VIRTIO_WIN or the default place):
# a Windows guest left with neither Xen nor virtio drivers would not boot.
if [ ! -e /usr/share/virtio-win ]; then
  env -u VIRTIO_WIN "$V2V" --report "$WORK/nosource.json" "$img" >"$WORK/out" 2>"$WORK/err"
  check_eq "no source: refused (exit 3)" "$?" 3
  check "no source: says what to do" grep -q -- 'without a virtio-win source.*--virtio-win PATH, or --no-virtio' "$WORK/err"
  jq_eq "no source: reported as refused" "$WORK/nosource.json" .result refused
  check_eq "no source: image byte-identical" "$(sum "$img")" "$orig"
else
  # The default place is the tool's, not overridable: say that the case
  # was not run rather than pass it silently.
  echo "virtio_refusal: SKIPPED the no-source case (/usr/share/virtio-win exists)"
fi

# --- --no-virtio: fixed anyway, no virtio change, the report says so --------
VIRTIO_WIN="$WORK/w10only" check_run "--no-virtio: fixed" 0 --no-virtio \
  --report "$WORK/novirtio.json" "$img"
r="$WORK/novirtio.json"
jq_eq "--no-virtio: result" "$r" .result fixed
jq_eq "--no-virtio: report says no virtio" "$r" .virtio.enabled false
jq_eq "--no-virtio: no source used" "$r" .virtio.source null
jq_eq "--no-virtio: no drivers" "$r" '.virtio.drivers | length' 0
jq_eq "--no-virtio: no virtio change" "$r" '[.plan[] | select(.fixup=="virtio")] | length' 0
jq_eq "--no-virtio: the Xen removal still ran" "$r" \
  '[.plan[] | select(.fixup=="xen-removal")] | length > 0' true
jq_eq "--no-virtio: no missing-source warning" "$r" \
  '[.warnings[] | select(test("virtio-win"))] | length' 0
check "--no-virtio: image changed" test "$(sum "$img")" != "$orig"


finish
