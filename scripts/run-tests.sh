#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what the tests need, builds, and runs every test: the unit tests
# once more under ASan + UBSan + LeakSanitizer (build-asan/), each fuzz
# target for a few seconds on its seeds (build-fuzz/), then the whole suite
# (unit tests in milliseconds, integration tests on phony guests through
# the appliance) in build/. Extra arguments go to the last ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { printf '\n== %s (%s)\n' "$*" "$(date +%T)"; }
phase "installing packages"
scripts/install-deps.sh
phase "unit tests under the sanitizers"
cmake -S . -B build-asan -DV2V_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$(nproc)" >/dev/null
(cd build-asan && ctest -L unit --output-on-failure)
phase "fuzz targets, ${V2V_FUZZ_SECONDS:-5} s each"
tests/fuzz/run.sh "${V2V_FUZZ_SECONDS:-5}"
phase "building"
scripts/build.sh
phase "the suite (two integration tests at a time, an appliance vCPU each)"
export V2V_FIXUP_VCPUS=${V2V_FIXUP_VCPUS:-1}
cd build
ctest --output-on-failure -j2 "$@"
