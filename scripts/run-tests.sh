#!/bin/bash
# Installs what the tests need, builds, and runs every test (unit tests in
# milliseconds, integration tests on phony guests through the appliance).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
# Two integration tests at a time: each appliance uses one core.
ctest --output-on-failure -j2 "$@"
