#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# All or nothing: a failure, a signal or a kill after changes were written
# into the overlay leaves the image byte-identical; -o leaves the input
# untouched and writes a fixed guest.
. "$(dirname "$0")/lib.sh"
# This test is not about drivers: every run fixes without virtio (a Windows
# guest with no virtio-win source is refused otherwise).
printf '#!/bin/sh\nexec "%s" --no-virtio "$@"\n' "$V2V" >"$WORK/v2v-no-virtio"
chmod +x "$WORK/v2v-no-virtio"
V2V=$WORK/v2v-no-virtio

img=$(copy_fixture "$WIN2008R2_IMG")
orig=$(sum "$img")
export TMPDIR="$WORK/tmp"
# Keep libguestfs's appliance cache where it is (not rebuilt per test).
export LIBGUESTFS_CACHEDIR=/var/tmp
mkdir -p "$TMPDIR"
scratch() { ls -d "$TMPDIR"/v2v-fixup.* 2>/dev/null; }

# The hooks count writes into the guest: hive uploads first, then file
# changes. After the first one, the SYSTEM hive is in the overlay.
after=1

V2V_TEST_FAIL_AFTER=$after check_run "injected failure" 1 -q --report "$WORK/fail.json" "$img"
check "failure names the hook" grep -q "injected failure after $after writes" "$WORK/err"
check_eq "failed run leaves the image byte-identical" "$(sum "$img")" "$orig"
jq_eq "failed run reported" "$WORK/fail.json" .result error
jq_eq "failed run: nothing applied" "$WORK/fail.json" '.applied' false
check_eq "failed run leaves no scratch files" "$(scratch)" ""

# A signal at the same point.
stop_midway() { # SIGNAL
  V2V_TEST_STALL_AFTER=$after "$V2V" "$img" >"$WORK/sig.out" 2>"$WORK/sig.err" &
  local pid=$! waited=0
  until grep -q "test hook: stalled" "$WORK/sig.err" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if [ $waited -gt 300 ] || ! kill -0 $pid 2>/dev/null; then break; fi
  done
  kill -"$1" $pid 2>/dev/null
  wait $pid 2>/dev/null
  status=$?
}
stop_midway TERM
check_eq "SIGTERM ends the run" "$status" 143
check_eq "SIGTERM leaves the image byte-identical" "$(sum "$img")" "$orig"
check_eq "SIGTERM leaves no scratch files" "$(scratch)" ""
sleep 2
check_eq "SIGTERM stops the appliance too" "$(pgrep -fc "[q]emu-system.*$TMPDIR")" 0
stop_midway KILL
check_eq "SIGKILL ends the run" "$status" 137
check_eq "SIGKILL leaves the image byte-identical" "$(sum "$img")" "$orig"
rm -rf "${TMPDIR:?}"/*

# -o: the input stays, the output is a fixed guest in the asked format.
check_run "output" 0 -q -o "$WORK/fixed.qcow2" -O qcow2 --report "$WORK/out.json" "$img"
check_eq "-o leaves the input byte-identical" "$(sum "$img")" "$orig"
jq_eq "-o result" "$WORK/out.json" .result fixed
check_eq "-o wrote qcow2" "$(qemu-img info --output=json "$WORK/fixed.qcow2" | jq -r .format)" qcow2
check "no partial output left" bash -c "! ls '$WORK'/*.v2v-partial 2>/dev/null"
# The output needs nothing more (and a qcow2 input is read as qcow2).
check_run "output is fixed" 0 -q --report "$WORK/out2.json" "$WORK/fixed.qcow2"
jq_eq "output needs nothing" "$WORK/out2.json" .result nothing-to-do
jq_eq "output has no Xen service left" "$WORK/out2.json" \
  '[.guest.xen_components[] | select(.kind=="service")] | length' 0

finish
