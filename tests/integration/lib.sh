# Shared by the integration tests: counters, assertions, fixture copies and
# read-back of a fixed guest. Every test ends with the plain
# "N passed, N failed" line. Source it; needs V2V, FIXTURES, WORK from ctest.
set -uo pipefail

: "${V2V:?path of the v2v-fixup binary}"
: "${FIXTURES:?directory built by tests/fixtures/build.sh}"
: "${WORK:?scratch directory for this test}"
# The tests force TCG (qemu aborts under this machine's KVM); the product
# itself never does.
export LIBGUESTFS_BACKEND_SETTINGS=force_tcg
# The Windows fixtures' layout (the Linux test runs without them).
if [ -f "$FIXTURES/layout.env" ]; then . "$FIXTURES/layout.env"; fi

rm -rf "$WORK" && mkdir -p "$WORK"
passed=0
failed=0

ok() { passed=$((passed + 1)); }
not_ok() {
  failed=$((failed + 1))
  echo "FAIL: $*" >&2
}

# check DESCRIPTION COMMAND...: the command's status is the verdict.
check() {
  local what=$1
  shift
  if "$@"; then ok; else not_ok "$what"; fi
}

check_eq() { # DESCRIPTION GOT WANT
  if [ "$2" = "$3" ]; then ok; else not_ok "$1: got '$2', want '$3'"; fi
}

finish() {
  echo "$(basename "$0" .sh): $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# A private, sparse copy of a fixture image.
copy_fixture() { # NAME -> path
  cp --sparse=always "$FIXTURES/$1" "$WORK/$1"
  echo "$WORK/$1"
}

sum() { sha256sum "$1" | cut -d' ' -f1; }

# run_v2v ARGS...: runs the tool, keeping stdout, stderr and status.
run_v2v() {
  "$V2V" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
}

# check_run DESCRIPTION WANT_STATUS ARGS...
check_run() {
  local what=$1 want=$2
  shift 2
  run_v2v "$@"
  if [ "$status" -eq "$want" ]; then
    ok
  else
    not_ok "$what: exit $status, want $want; stderr: $(head -c 600 "$WORK/err")"
  fi
}

# The error must be one line and name the thing.
check_one_line_error() { # DESCRIPTION PATTERN
  local lines
  lines=$(grep -c . "$WORK/err")
  if [ "$lines" -eq 1 ] && grep -q -- "$2" "$WORK/err"; then
    ok
  else
    not_ok "$1: want one line matching '$2', got: $(cat "$WORK/err")"
  fi
}

jq_eq() { # DESCRIPTION FILE FILTER WANT
  check_eq "$1" "$(jq -r "$3" "$2")" "$4"
}

# readback IMAGE ROOTDEV OUTDIR [guestfish commands...]: downloads the
# hives of a Windows guest (one appliance launch) and lists its INF folder
# and driver store into OUTDIR/inf and OUTDIR/repo.
readback() {
  local img=$1 root=$2 out=$3
  shift 3
  mkdir -p "$out"
  {
    echo "run"
    echo "mount-ro $root /"
    echo "download /Windows/System32/config/SYSTEM $out/SYSTEM"
    echo "download /Windows/System32/config/SOFTWARE $out/SOFTWARE"
    echo "-download /Windows/System32/config/DRIVERS $out/DRIVERS"
    echo "ls /Windows/INF | cat > $out/inf"
    echo "ls /Windows/System32/DriverStore/FileRepository | cat > $out/repo"
    for c in "$@"; do echo "$c"; done
  } | guestfish --ro --format=raw -a "$img" >"$out/guestfish.log" 2>&1
}

# hget HIVE KEY [VALUE]: the value as hivexget prints it ('' if missing).
hget() { hivexget "$@" 2>/dev/null; }
