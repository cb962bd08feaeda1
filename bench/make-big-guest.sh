#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Realistic-size copies of the test suite's phony Windows guests, for the
# benchmarks only (never for the tests): OUTDIR/<guest>-big.img is the
# fixture build/fixtures/<guest>.img (its Xen components, BCD, partition
# table and every file kept) grown to what a real server holds:
#   - SOFTWARE ~147 MB (~425k keys, ~830k values), SYSTEM 20-25 MB
#     (~90-100k keys), DRIVERS ~8 MB (~38k keys) where the guest has one:
#     the fixture's hives with synthesised keys in real shapes added
#     (bench/big-guest.pl hive; see its header for what is in them);
#   - Windows\System32\DriverStore\FileRepository with ~500 more packages
#     (INF, PNF, catalog, driver and DLL stubs), ~100 of them third-party
#     with their oemN.inf/.pnf in Windows\INF beside ~400 in-box INFs,
#     ~400 files more in System32\drivers, ~1700 in System32 and ~98k in
#     a WinSxS of ~11k component folders (bench/big-guest.pl tree);
#   - a 4 GiB sparse disk, the Windows partition (the last one) and its
#     NTFS grown to the end.
# The hives and tree are made on the host in ~30 s; one appliance session
# (one launch for all guests) resizes, uploads the hives and unpacks the
# trees: ~10 min a guest under TCG, mostly ntfs-3g creating 100k files.
# Cached per guest: OUTDIR/<guest>-big.stamp holds a hash of this script,
# big-guest.pl and the fixtures' stamp; only guests whose stamp differs
# are built again. OUTDIR/hives/<guest>/ keeps the grown hives.
#
# Usage: bench/make-big-guest.sh [OUTDIR [GUEST...]]
#        (default build/big-guests; guests win2008r2-citrix win2019-xcpng)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/big-guests}
shift || true
guests=("$@")
[ ${#guests[@]} -gt 0 ] || guests=(win2008r2-citrix win2019-xcpng)
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
size=4G
log() { printf 'big guests: %s\n' "$*" >&2; }

tests/fixtures/build.sh build/fixtures >/dev/null
mkdir -p "$out"
out=$(cd "$out" && pwd)
exec 9>"$out/.lock"
flock 9
# Each guest's stamp: what it is made from.
stamp() {
  { cat bench/make-big-guest.sh bench/big-guest.pl build/fixtures/stamp; echo "$1 $size"; } |
    sha256sum | cut -d' ' -f1
}
todo=()
for g in "${guests[@]}"; do
  [ -f "$out/$g-big.img" ] && [ "$(cat "$out/$g-big.stamp" 2>/dev/null)" = "$(stamp "$g")" ] ||
    todo+=("$g")
done
if [ ${#todo[@]} -eq 0 ]; then
  log "up to date"
  exit 0
fi
t0=$SECONDS
work=$(mktemp -d /var/tmp/v2v-big.XXXXXX)
trap 'rm -rf "$work"' EXIT

# layout VAR GUEST: the guest's value of VAR from the fixtures' layout.env.
layout() {
  local prefix
  prefix=$(grep -m1 "_IMG='$2.img'" build/fixtures/layout.env | cut -d_ -f1)
  [ -n "$prefix" ] || { log "error: $2 is not a fixture guest"; exit 1; }
  (. build/fixtures/layout.env && eval "echo \"\${${prefix}_$1}\"")
}

gf=$work/build.gf
echo run >"$gf"
args=()
letters=(a b c d e f g h)
for i in "${!todo[@]}"; do
  g=${todo[i]}
  rm -f "$out/$g-big.stamp"
  hives=build/fixtures/hives/$g
  # Windows 7 / 2008 R2 name their driver store folders <inf>_<arch>_neutral_<hash>.
  style=plain
  grep -q '_neutral_' "tests/fixtures/$g/drivers.txt" && style=neutral
  part=$(layout OS_PART "$g")
  [ "$part" = "$(layout PARTS "$g")" ] || { log "error: $g: Windows is not on the last partition"; exit 1; }
  log "$g: hives and files ($style store names)"
  mkdir -p "$out/hives/$g"
  cfg=()
  for h in SYSTEM SOFTWARE DRIVERS; do
    [ -f "$hives/$h" ] || continue
    perl bench/big-guest.pl hive "${h,,}" "$hives/$h" "$out/hives/$g/$h" "$style"
    cfg+=("$h")
  done
  perl bench/big-guest.pl tree "$style" "$work/$g"
  (cd "$work/$g" && tar --sort=name --mtime=@1300000000 --owner=0 --group=0 --numeric-owner \
     --format=gnu -cf "$work/$g.tar" .)
  rm -rf "${work:?}/$g"

  img=$out/$g-big.img
  cp --sparse=always "build/fixtures/$g.img" "$img.tmp"
  truncate -s "$size" "$img.tmp"
  [ "$(layout LABEL "$g")" = gpt ] && sfdisk --quiet --relocate gpt-bak-std "$img.tmp"
  echo ', +' | sfdisk --quiet --no-reread --no-tell-kernel -N "$part" "$img.tmp"
  args+=(-a "$img.tmp")
  dev=/dev/sd${letters[i]}$part
  {
    echo "ntfsresize $dev"
    echo "mount $dev /"
    for h in "${cfg[@]}"; do echo "upload $out/hives/$g/$h /Windows/System32/config/$h"; done
    echo "tar-in $work/$g.tar /"
    echo "umount /"
  } >>"$gf"
done
echo sync >>"$gf"
log "one appliance: resize, hives, ${#todo[@]} trees (LIBGUESTFS_BACKEND_SETTINGS=$LIBGUESTFS_BACKEND_SETTINGS)"
t1=$SECONDS
guestfish --format=raw "${args[@]}" -f "$gf"
log "appliance done in $((SECONDS - t1)) s"
for g in "${todo[@]}"; do
  mv "$out/$g-big.img.tmp" "$out/$g-big.img"
  stamp "$g" >"$out/$g-big.stamp"
done
log "built ${todo[*]} in $out in $((SECONDS - t0)) s"
