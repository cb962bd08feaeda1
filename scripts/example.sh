#!/bin/bash
# Installs and builds everything, builds the example guest (a phony Windows
# Server 2008 R2 exported from XenServer with the Citrix PV drivers), and
# fixes a copy of it: inspection, plan, fix, report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# This machine may not run qemu under KVM; v2v-fixup retries with TCG by
# itself, the fixture builder needs to be told.
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
tests/fixtures/build.sh build/fixtures
mkdir -p build/example
cp --sparse=always build/fixtures/win2008r2-citrix.img build/example/guest.img
build/v2v-fixup --inspect build/example/guest.img
build/v2v-fixup --report build/example/report.json build/example/guest.img
echo "Report: build/example/report.json"
