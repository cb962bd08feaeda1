# SPDX-License-Identifier: GPL-2.0-or-later
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
# xp FILE XPATH: a string out of an XML file (a libvirt domain).
xp() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }

# private_tmpdir: the tool's scratch dirs go to $WORK/tmp, where
# scratch_empty checks that none is left; the appliance cache stays where
# it is shared (not rebuilt per test).
private_tmpdir() {
  export TMPDIR=$WORK/tmp LIBGUESTFS_CACHEDIR=${LIBGUESTFS_CACHEDIR:-/var/tmp}
  mkdir -p "$TMPDIR"
}
scratch_empty() { [ -z "$(ls -A "$TMPDIR")" ]; }

# phase TEXT: a progress line on stdout.
phase() { printf '%s: [%3ds] %s\n' "$(basename "$0" .sh)" "$SECONDS" "$*"; }

# A line per run on stdout (ctest -V, or the test run by hand, shows it),
# so that a long test is seen to progress.
run_v2v() {
  local t0=$SECONDS
  "$V2V" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
  printf '%s: [%3ds] v2v-fixup %s -> exit %d (%ds)\n' "$(basename "$0" .sh)" \
    "$SECONDS" "$*" "$status" $((SECONDS - t0))
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

# traced DESCRIPTION STATUS PATTERN ARGS...: runs the tool under strace,
# wants STATUS and a one-line error matching PATTERN, and no open of any
# file of the array NEVER_OPENED by the tool or any child (qemu-img
# included).
NEVER_OPENED=()
traced() {
  local what=$1 want=$2 pattern=$3 f
  shift 3
  strace -f -qq -e trace=open,openat,creat -o "$WORK/trace" \
    "$V2V" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
  check_eq "$what: exit status" "$status" "$want"
  check_one_line_error "$what" "$pattern"
  for f in "${NEVER_OPENED[@]}"; do
    check "$what: $(basename "$f") is never opened" \
      bash -c "! grep -qF -- '$f' '$WORK/trace'"
  done
}

# check_schema DESCRIPTION REPORT...: the reports follow the published
# JSON Schema (Debian's python3 and python3-jsonschema).
check_schema() {
  local what=$1 here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  shift
  check "$what" /usr/bin/python3 "$here/report-schema.py" \
    "$here/../../doc/report.schema.json" "$@"
}

jq_eq() { # DESCRIPTION FILE FILTER WANT
  check_eq "$1" "$(jq -r "$3" "$2")" "$4"
}

# Host-side readers of a fixed raw image, no appliance launch: a partition
# is copied out (sparse) and read with ntfs-3g's ntfscat/ntfsls, or mtools
# for FAT (the ESP).
part_copy() { # IMAGE N OUT
  local start size
  read -r start size < <(sfdisk -J "$1" |
    jq -r ".partitiontable.partitions[$(($2 - 1))] | \"\(.start) \(.size)\"")
  dd if="$1" of="$3" bs=1M iflag=skip_bytes,count_bytes skip=$((start * 512)) \
    count=$((size * 512)) conv=sparse status=none
}
is_fat() { [ "$(head -c 7 "$1" | tail -c 4)" != NTFS ]; } # by the boot sector OEM ID
fs_cat() { # PARTFILE PATH
  if is_fat "$1"; then mtype -i "$1" "::$2"; else ntfscat "$1" "$2"; fi
}
fs_ls() { # PARTFILE DIR: entry names, one a line (directories end in /)
  if is_fat "$1"; then
    mdir -b -i "$1" "::$2" | sed 's|.*/\(.\)|\1|'
  else
    ntfsls -F "$1" -p "$2" | grep -vE '^\.\.?/$'
  fi
}
fs_find() { # PARTFILE DIR [PREFIX]: relative paths below DIR, as guestfish find
  local e
  fs_ls "$1" "$2" | while read -r e; do
    echo "${3-}${e%/}"
    [ "${e%/}" = "$e" ] || fs_find "$1" "$2/${e%/}" "${3-}${e%/}/"
  done
}

# readback IMAGE PARTITION OUTDIR [COMMAND...]: downloads the hives of the
# Windows guest on partition N and lists its INF folder and driver store
# into OUTDIR/inf and OUTDIR/repo; then runs each COMMAND, one of
#   "get PATH FILE", "ls DIR FILE", "find DIR FILE", "sum PATH FILE"
#   (sha256), "part N" (read partition N from then on).
readback() {
  local img=$1 first=$2 out=$3 p=$3/partition verb a b
  shift 3
  mkdir -p "$out"
  set -- "part $first" "get /Windows/System32/config/SYSTEM $out/SYSTEM" \
    "get /Windows/System32/config/SOFTWARE $out/SOFTWARE" \
    "get /Windows/System32/config/DRIVERS $out/DRIVERS" \
    "ls /Windows/INF $out/inf" "ls /Windows/System32/DriverStore/FileRepository $out/repo" "$@"
  for c in "$@"; do
    read -r verb a b <<<"$c"
    case $verb in
      part) part_copy "$img" "$a" "$p" ;;
      get) fs_cat "$p" "$a" >"$b" 2>>"$out/errors" || rm -f "$b" ;;
      ls) fs_ls "$p" "$a" 2>>"$out/errors" | sed 's|/$||' >"$b" ;;
      find) fs_find "$p" "$a" 2>>"$out/errors" >"$b" ;;
      sum) fs_cat "$p" "$a" 2>>"$out/errors" | sha256sum | cut -d' ' -f1 >"$b" ;;
      *) echo "readback: unknown command '$c'" >&2; return 1 ;;
    esac
  done
  rm -f "$p"
}

# hget HIVE KEY [VALUE]: the value as hivexget prints it ('' if missing).
# A fixed guest's initramfs (copied out to FILE) lists the virtio block
# drivers and still the Xen one (read with the host's lsinitramfs).
check_initramfs_virtio() { # FILE
  lsinitramfs "$1" >"$1.list" 2>"$1.err"
  local m
  for m in virtio_blk virtio_scsi virtio_pci; do
    check "new initramfs lists $m.ko" grep -qE "/$m\\.ko(\\.(xz|zst|gz))?\$" "$1.list"
  done
  check "new initramfs keeps xen-blkfront" grep -q '/xen-blkfront\.ko' "$1.list"
}

hget() { hivexget "$@" 2>/dev/null; }

# Host-side readers of a fixed Linux guest's ext4 root, no appliance:
# debugfs opens the filesystem inside the raw image at its offset.
ext_fs() { # IMAGE N: what debugfs opens for partition N
  echo "$1?offset=$(sfdisk -J "$1" | jq ".partitiontable.partitions[$(($2 - 1))].start * 512")"
}
ext_dump() { # FS OUTDIR PATH...: each file to OUTDIR/<PATH with / as _>
  local fs=$1 out=$2 f
  shift 2
  for f in "$@"; do echo "dump $f $out/$(tr / _ <<<"$f")"; done >"$out/cmds"
  debugfs -f "$out/cmds" "$fs" >"$out/debugfs.log" 2>&1
}
ext_names() { # FS DIR: its entries' names ("ls -p" lines are /inode/mode/uid/gid/name/size/)
  debugfs -R "ls -p $2" "$1" 2>/dev/null | awk -F/ 'NF > 5 && $6 !~ /^\.\.?$/ {print $6}'
}
