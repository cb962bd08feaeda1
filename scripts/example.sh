#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs and builds everything, builds the example guest (a phony Windows
# Server 2008 R2 exported from XenServer with the Citrix PV drivers) and a
# phony virtio-win ISO (stub drivers in the real layout), and fixes a copy
# of the guest: inspection, plan, fix, report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# qemu hangs or aborts under KVM on some hosts (the development machines'
# among them), so the example uses software emulation unless told
# otherwise: on a host with working KVM, run it with
# LIBGUESTFS_BACKEND_SETTINGS= (empty) to use KVM.
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
tests/fixtures/build.sh build/fixtures
tests/fixtures/make-virtio-win.sh build/virtio-win
mkdir -p build/example
cp --sparse=always build/fixtures/win2008r2-citrix.img build/example/guest.img
build/v2v-fixup --inspect build/example/guest.img
build/v2v-fixup --virtio-win build/virtio-win/virtio-win.iso \
  --report build/example/report.json build/example/guest.img
echo "Report: build/example/report.json"
