#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# v2v-fixup against the reference converter, virt-v2v-in-place (Debian
# package virt-v2v), on fresh copies of the same phony guests, with the
# same fake virtio-win tree for both. For each guest and tool: wall time
# (min and median over ROUNDS), appliance launches (qemu started with a
# kernel, counted through a LIBGUESTFS_HV wrapper), peak RSS of the whole
# process tree and of v2v-fixup alone, bytes of the image that changed,
# and the Xen components still active afterwards (read back with
# `v2v-fixup --inspect`, which lists them from data/xen-inventory.conf).
# Then v2v-fixup on the same guest on a 1 GiB and on a 100 GiB sparse disk.
#
# Usage: bench/compare.sh [ROUNDS] [GUEST...]   (after scripts/build.sh)
# Prints a Markdown table on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
guests=("$@")
[ ${#guests[@]} -gt 0 ] || guests=(win2008r2-citrix win2019-xcpng win7-gplpv-x86)
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
# The reference converter and what its -i disk needs, from Debian.
if ! command -v virt-v2v-in-place >/dev/null || ! command -v nbdkit >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virt-v2v nbdkit >/dev/null
fi

tests/fixtures/build.sh build/fixtures >/dev/null
tests/fixtures/make-virtio-win.sh build/virtio-win >/dev/null
export VIRTIO_WIN=$PWD/build/virtio-win/tree
v2v=$PWD/build/v2v-fixup
work=$(mktemp -d /var/tmp/v2v-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Every appliance libguestfs starts goes through this wrapper, which notes
# the boots (qemu is also run with -help/-version to probe it: not counted).
cat >"$work/qemu-wrap" <<WRAP
#!/bin/sh
case " \$* " in *" -kernel "*) echo boot >>"$work/launches" ;; esac
exec $(command -v qemu-system-x86_64) "\$@"
WRAP
chmod +x "$work/qemu-wrap"
export LIBGUESTFS_HV=$work/qemu-wrap

# measure LABEL IMAGE COMMAND...: runs COMMAND on a fresh copy (IMAGE is
# replaced in the command line by the copy) and prints one tab-separated
# line: label seconds launches tree_rss_kib self_rss_kib changed_bytes.
measure() {
  local label=$1 img=$2
  shift 2
  cp --sparse=always "$img" "$work/g.img"
  : >"$work/launches"
  rm -f "$work/r.json"
  local args=() a
  for a in "$@"; do args+=("${a//@IMG@/$work/g.img}"); done
  echo "  $label: ${args[*]}" >&2
  # A tool that refuses the guest gets a row saying why, not numbers.
  if ! /usr/bin/time -f '%e %M' -o "$work/time" "${args[@]}" >"$work/last" 2>&1; then
    cat "$work/last" >>"$work/log"
    printf '%s\tfailed\t%s\n' "$label" "$(grep -m1 -o 'error: .*' "$work/last" || tail -1 "$work/last")"
    return 0
  fi
  cat "$work/last" >>"$work/log"
  local self=-
  [ -f "$work/r.json" ] && self=$(jq .run.peak_rss_kib "$work/r.json")
  local changed=-
  [ "$(stat -c %s "$img")" -le $((1 << 30)) ] && changed=$(cmp -l "$img" "$work/g.img" | wc -l || true)
  read -r secs tree_rss <"$work/time"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$secs" "$(wc -l <"$work/launches")" \
    "$tree_rss" "$self" "$changed"
}

# Xen components v2v-fixup's inspection still finds on the last copy.
# Uninstall entries are counted apart: they are registered products, not
# loaded drivers, and v2v-fixup removes them at first boot (MSI uninstall).
leftovers() {
  "$v2v" -q --inspect --report "$work/left.json" "$work/g.img" >/dev/null 2>>"$work/log"
  jq -r '[.guest.xen_components[] | .kind] as $k
    | ([$k[] | select(. != "uninstall-entry")] | if length == 0 then "none"
       else (group_by(.) | map("\(length) \(.[0])") | join(", ")) end)
    + ([$k[] | select(. == "uninstall-entry")] | if length == 0 then ""
       else " (+ \(length) uninstall entries)" end)' "$work/left.json"
}

# min and median seconds over the rounds (an even count: the mean of the
# middle two), with the last round's other columns.
summarise() {
  sort -t$'\t' -k2 -n | awk -F'\t' '{ s[NR]=$2; l=$1; la=$3; tr=$4; sr=$5; ch=$6 }
    END { md = NR % 2 ? s[(NR+1)/2] : (s[NR/2] + s[NR/2+1]) / 2
          printf "%s\t%.1f\t%.1f\t%s\t%s\t%s\t%s\n", l, s[1], md, la, tr, sr, ch }'
}

row() { # summary-line leftovers
  IFS=$'\t' read -r l mn md la tr sr ch <<<"$1"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$l" "$mn" "$md" "$la" \
    "$((tr / 1024))" "$([ "$sr" = - ] && echo - || echo $((sr / 1024)))" "$ch" "$2"
}

echo "| guest, tool | min s | median s | launches | peak RSS tree MiB | v2v-fixup RSS MiB | bytes changed | Xen components left |"
echo "|---|---|---|---|---|---|---|---|"
declare -A median
ratios=()
for guest in "${guests[@]}"; do
  img=build/fixtures/$guest.img
  echo "$guest:" >&2
  for tool in fixup reference output; do
    lines=$(for i in $(seq "$rounds"); do
      case $tool in
        fixup) measure "$guest, v2v-fixup in place" "$img" \
                 "$v2v" -q --report "$work/r.json" @IMG@ ;;
        reference) measure "$guest, virt-v2v-in-place" "$img" \
                 virt-v2v-in-place -q -i disk @IMG@ ;;
        output) measure "$guest, v2v-fixup -o qcow2" "$img" \
                 "$v2v" -q --report "$work/r.json" --force -o "$work/out.qcow2" -O qcow2 @IMG@ ;;
      esac
    done)
    if failed=$(grep -m1 $'\tfailed\t' <<<"$lines"); then
      printf '| %s | failed | | | | | | %s |\n' "$(cut -f1 <<<"$failed")" "$(cut -f3 <<<"$failed")"
      median[$tool]=nan
      continue
    fi
    summary=$(summarise <<<"$lines")
    if [ $tool = output ]; then
      left="(input untouched)"
    else
      left=$(leftovers)
    fi
    row "$summary" "$left"
    median[$tool]=$(cut -f3 <<<"$summary")
    rm -f "$work/out.qcow2"
  done
  ratios+=("$guest $(awk -v a="${median[fixup]}" -v b="${median[reference]}" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else printf "n/a" }')")
done

# Disk size: the same 2008 R2 guest on a 1 GiB and a 100 GiB sparse disk.
for size in 1G 100G; do
  cp --sparse=always build/fixtures/win2008r2-citrix.img "$work/sized.img"
  truncate -s "$size" "$work/sized.img"
  summary=$(for i in $(seq "$rounds"); do
    measure "win2008r2-citrix on $size disk, v2v-fixup in place" "$work/sized.img" \
      "$v2v" -q --report "$work/r.json" @IMG@
  done | summarise)
  row "$summary" "overlay $(jq .run.overlay_bytes "$work/r.json") B"
done
echo
echo "In-place wall time, v2v-fixup / virt-v2v-in-place (medians; the goal is at most 0.5): ${ratios[*]/%/;}"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, Linux $(uname -r)," \
  "libguestfs backend settings '${LIBGUESTFS_BACKEND_SETTINGS:-}', $rounds rounds," \
  "$(virt-v2v-in-place --version | head -1), $(date -u +%Y-%m-%d)."
