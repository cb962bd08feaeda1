#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# v2v-fixup against the reference converter, virt-v2v-in-place (Debian
# package virt-v2v), on fresh copies of the same phony guests, with the
# same fake virtio-win tree for both. For each guest and tool: wall time
# (min and median over ROUNDS), the part after the appliance launch
# (median: from the end of libguestfs's launch call, seen in its trace
# (LIBGUESTFS_TRACE=1, both tools), to the exit), appliance launches (qemu
# started with a kernel, counted through a LIBGUESTFS_HV wrapper), peak
# RSS of the largest process (qemu) and of v2v-fixup alone (its report),
# bytes of the image that changed, and the Xen components still active
# afterwards (read back with `v2v-fixup --inspect`, which lists them from
# data/xen-inventory.conf). A guest named NAME-big is the realistic-size
# copy bench/make-big-guest.sh makes of fixture NAME (built first if
# needed); for those the components found before the fix get a row too.
# When win2008r2-citrix is among the guests: v2v-fixup on it on a 1 GiB
# and on a 100 GiB sparse disk.
#
# Usage: bench/compare.sh [ROUNDS] [GUEST...]   (after scripts/build.sh;
#        V2V=other/v2v-fixup measures another build)
#   e.g. bench/compare.sh 3 win2008r2-citrix-big win2019-xcpng-big
# Prints a Markdown table on stdout; progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
guests=("$@")
[ ${#guests[@]} -gt 0 ] || guests=(win2008r2-citrix win2019-xcpng win7-gplpv-x86)
. bench/lib.sh
bench_install_reference
bench_sources
big=()
for g in "${guests[@]}"; do [[ $g == *-big ]] && big+=("${g%-big}"); done
[ ${#big[@]} -eq 0 ] || bench/make-big-guest.sh build/big-guests "${big[@]}"
bench_workdir compare
work=$WORK

# changed FILE1 FILE2: how many bytes differ (files of the same size).
changed() {
  perl -e 'open my $a, "<:raw", $ARGV[0] or die; open my $b, "<:raw", $ARGV[1] or die;
    my $n = 0;
    while (sysread $a, my $x, 1 << 20) { sysread $b, my $y, 1 << 20; $n += ($x ^ $y) =~ tr/\0//c if $x ne $y }
    print "$n\n"' "$1" "$2"
}

# measure LABEL IMAGE COMMAND...: runs COMMAND on a fresh copy (IMAGE is
# replaced in the command line by the copy) and prints one tab-separated
# line: label seconds launches tree_rss_kib self_rss_kib changed_bytes
# seconds_after_launch.
measure() {
  local label=$1 img=$2
  shift 2
  cp --sparse=always "$img" "$work/g.img"
  : >"$work/launches"
  rm -f "$work/r.json"
  local args=() a
  for a in "$@"; do args+=("${a//@IMG@/$work/g.img}"); done
  echo "  $label: ${args[*]}" >&2
  # Every line time-stamped on arrival; the trace's "launch = 0" line
  # marks the end of the launch.
  local rc=0
  LIBGUESTFS_TRACE=1 /usr/bin/time -f '%e %M' -o "$work/time" "${args[@]}" 2>&1 |
    perl -MTime::HiRes=time -ne 'BEGIN { $| = 1 } printf "%.3f %s", time, $_' >"$work/last" ||
    rc=$?
  local end
  end=$(date +%s.%N)
  grep -v 'libguestfs: trace:' "$work/last" >>"$work/log" || true
  # A tool that refuses the guest gets a row saying why, not numbers.
  if [ $rc -ne 0 ] || grep -q 'exited with non-zero status' "$work/time"; then
    printf '%s\tfailed\t%s\n' "$label" "$(grep -m1 -o 'error: .*' "$work/last" || tail -1 "$work/last")"
    return 0
  fi
  local self=-
  [ -f "$work/r.json" ] && self=$(jq .run.peak_rss_kib "$work/r.json")
  local diff=-
  [ "$(stat -c %s "$img")" -le $((8 << 30)) ] && diff=$(changed "$img" "$work/g.img")
  local after
  after=$(awk -v end="$end" '$0 ~ /libguestfs: trace: ([a-z0-9_]+: )?launch = / { t = $1 }
    END { if (t) printf "%.1f", end - t; else print "-" }' "$work/last")
  read -r secs tree_rss < <(tail -1 "$work/time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$secs" "$(wc -l <"$work/launches")" \
    "$tree_rss" "$self" "$diff" "$after"
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
# middle two), the median of the part after the launch, and the last
# round's other columns.
summarise() {
  sort -t$'\t' -k2 -n | awk -F'\t' '{ s[NR]=$2; a[NR]=$7; l=$1; la=$3; tr=$4; sr=$5; ch=$6 }
    function med(v,   n, i, j, t) {
      n = 0; for (i in v) if (v[i] != "-") t[++n] = v[i] + 0
      if (!n) return "-"
      for (i = 2; i <= n; i++) for (j = i; j > 1 && t[j-1] > t[j]; j--) { x = t[j]; t[j] = t[j-1]; t[j-1] = x }
      return sprintf("%.1f", n % 2 ? t[(n+1)/2] : (t[n/2] + t[n/2+1]) / 2) }
    END { printf "%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\n", l, s[1], med(s), med(a), la, tr, sr, ch }'
}

row() { # summary-line leftovers
  IFS=$'\t' read -r l mn md af la tr sr ch <<<"$1"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$l" "$mn" "$md" "$af" "$la" \
    "$((tr / 1024))" "$([ "$sr" = - ] && echo - || echo $((sr / 1024)))" "$ch" "$2"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b + 0 > 0) printf "%.2f", a / b; else printf "n/a" }'; }

echo "| guest, tool | min s | median s | after launch s | launches | peak RSS qemu MiB | v2v-fixup RSS MiB | bytes changed | Xen components left |"
echo "|---|---|---|---|---|---|---|---|---|"
declare -A median after
ratios=()
for guest in "${guests[@]}"; do
  img=build/fixtures/$guest.img
  [[ $guest == *-big ]] && img=build/big-guests/$guest.img
  echo "$guest:" >&2
  if [[ $guest == *-big ]]; then
    cp --sparse=always "$img" "$work/g.img"
    printf '| %s, before | | | | | | | | %s |\n' "$guest" "$(leftovers)"
  fi
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
      printf '| %s | failed | | | | | | | %s |\n' "$(cut -f1 <<<"$failed")" "$(cut -f3 <<<"$failed")"
      median[$tool]=-
      after[$tool]=-
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
    after[$tool]=$(cut -f4 <<<"$summary")
    rm -f "$work/out.qcow2"
  done
  ratios+=("$guest $(ratio "${median[fixup]}" "${median[reference]}") (after the launch $(ratio "${after[fixup]}" "${after[reference]}"))")
done

# Disk size: the same 2008 R2 guest on a 1 GiB and a 100 GiB sparse disk.
for size in 1G 100G; do
  [[ " ${guests[*]} " == *" win2008r2-citrix "* ]] || break
  cp --sparse=always build/fixtures/win2008r2-citrix.img "$work/sized.img"
  truncate -s "$size" "$work/sized.img"
  summary=$(for i in $(seq "$rounds"); do
    measure "win2008r2-citrix on $size disk, v2v-fixup in place" "$work/sized.img" \
      "$v2v" -q --report "$work/r.json" @IMG@
  done | summarise)
  row "$summary" "overlay $(jq .run.overlay_bytes "$work/r.json") B"
done
echo
echo "In-place wall time, v2v-fixup / virt-v2v-in-place (medians; the goals: at most 0.5, after the launch at most 0.25): ${ratios[*]/%/;}"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, Linux $(uname -r)," \
  "libguestfs backend settings '${LIBGUESTFS_BACKEND_SETTINGS:-}', $rounds rounds," \
  "$(virt-v2v-in-place --version | head -1), $(date -u +%Y-%m-%d)."
