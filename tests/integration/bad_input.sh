#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input that is caught before the appliance starts: one clear line
# naming the thing, the documented exit code, the file untouched.
. "$(dirname "$0")/lib.sh"

check_run "missing file" 1 "$WORK/nope.img"
check_one_line_error "missing file" "nope.img: No such file"
# --report - : the JSON on stdout, for a pipeline.
check_run "report on stdout" 1 --report - "$WORK/nope.img"
check_eq "report on stdout: parsed" "$(jq -r .result "$WORK/out")" error
check_eq "report: schema version" "$(jq -r .schema_version "$WORK/out")" 2
cp "$WORK/out" "$WORK/error-report.json"
check_schema "an error report follows the schema" "$WORK/error-report.json"
# --machine-readable: the error as one JSON object, nothing on stdout.
check_run "machine-readable error" 1 --machine-readable "$WORK/nope.img"
check_eq "machine-readable error: one JSON line" \
  "$(jq -r '"\(.type) \(.message | test("nope.img: No such file"))"' "$WORK/err")" "error true"
check_eq "machine-readable error: stdout empty" "$(wc -c <"$WORK/out")" 0
check_run "missing option value" 2 "$WORK/nope.img" -o
check_one_line_error "missing option value" "option '-o' needs an argument"

mkdir "$WORK/adir"
check_run "directory" 1 "$WORK/adir"
check_one_line_error "directory" "adir is a directory"

printf 'just some text\nnot a disk\n' >"$WORK/notes.txt"
before=$(sum "$WORK/notes.txt")
check_run "text file" 1 "$WORK/notes.txt"
check_one_line_error "text file" "notes.txt is not a disk image"
check_eq "text file untouched" "$(sum "$WORK/notes.txt")" "$before"

: >"$WORK/empty.img"
check_run "empty file" 1 "$WORK/empty.img"
check_one_line_error "empty file" "empty.img is empty"

# A compressed download given as it is: say what it is and what to do.
printf 'not a disk, squeezed' | gzip >"$WORK/guest.raw.gz"
check_run "gzip-compressed image" 1 "$WORK/guest.raw.gz"
check_one_line_error "gzip-compressed image" "guest.raw.gz is a gzip-compressed file: unpack it first (gunzip)"
printf 'an archive, squeezed' | xz >"$WORK/vm.ova"
check_run "xz-compressed OVA" 1 -o "$WORK/vm.qcow2" "$WORK/vm.ova"
check_one_line_error "xz-compressed OVA" "vm.ova is an xz-compressed file: unpack it first (unxz), then give the .ova"

# Formats other than raw and qcow2 are read through qemu but converted,
# never written in place.
qemu-img create -q -f vmdk "$WORK/disk.vmdk" 64M
before=$(sum "$WORK/disk.vmdk")
check_run "vmdk in place" 1 "$WORK/disk.vmdk"
check_one_line_error "vmdk in place" "disk.vmdk is a VMDK image, which is not fixed in place: use -o FILE"
check_eq "vmdk untouched" "$(sum "$WORK/disk.vmdk")" "$before"
qemu-img create -q -f vhdx "$WORK/disk.vhdx" 64M
check_run "vhdx in place" 1 "$WORK/disk.vhdx"
check_one_line_error "vhdx in place" "disk.vhdx is a VHDX image, which is not"
qemu-img create -q -f vdi "$WORK/disk.vdi" 64M
check_run "vdi" 1 -o "$WORK/vdi-out.qcow2" "$WORK/disk.vdi"
check_one_line_error "vdi" "disk.vdi is a VDI image; this version reads raw, qcow2, vmdk"
check "vdi: no output" test ! -e "$WORK/vdi-out.qcow2"

# A differencing VHD: a dynamic one whose footer (both copies) says type 4.
qemu-img create -q -f vpc "$WORK/child.vhd" 64M
perl -e '
  open my $f, "+<", $ARGV[0] or die; binmode $f;
  my $end = -s $f;
  for my $at (0, $end - 512) {
    seek $f, $at, 0; read $f, my $foot, 512;
    substr($foot, 0x3C, 4) = pack "N", 4;
    substr($foot, 0x40, 4) = pack "N", 0;
    my $sum = 0; $sum += $_ for unpack "C*", $foot;
    substr($foot, 0x40, 4) = pack "N", ~$sum & 0xFFFFFFFF;
    seek $f, $at, 0; print $f $foot;
  }' "$WORK/child.vhd"
before=$(sum "$WORK/child.vhd")
check_run "differencing VHD" 1 -o "$WORK/child-out.qcow2" "$WORK/child.vhd"
check_one_line_error "differencing VHD" "child.vhd is a differencing VHD"
check "differencing VHD: no output" test ! -e "$WORK/child-out.qcow2"
check_eq "differencing VHD untouched" "$(sum "$WORK/child.vhd")" "$before"
# A differencing VHDX: HasParent set in its File Parameters metadata item.
qemu-img create -q -f vhdx "$WORK/child.vhdx" 64M
perl -e '
  open my $f, "+<", $ARGV[0] or die; binmode $f;
  sub rd { my ($off, $n) = @_; seek $f, $off, 0; read $f, my $b, $n; $b }
  my $rt = rd(192 * 1024, 65536);
  my $meta = pack "H*", "06a27c8b90479a4bb8fe575f050f886e";
  my $params = pack "H*", "3767a1ca36fa434db3b633f0aa44e76b";
  for my $i (0 .. unpack("V", substr($rt, 8, 4)) - 1) {
    my $e = substr($rt, 16 + 32 * $i, 32);
    next unless substr($e, 0, 16) eq $meta;
    my $base = unpack "Q<", substr($e, 16, 8);
    my $mt = rd($base, 65536);
    for my $j (0 .. unpack("v", substr($mt, 10, 2)) - 1) {
      my $m = substr($mt, 32 + 32 * $j, 32);
      next unless substr($m, 0, 16) eq $params;
      my $at = $base + unpack("V", substr($m, 16, 4)) + 4;
      my $flags = unpack "V", rd($at, 4);
      seek $f, $at, 0; print $f pack("V", $flags | 2);
      exit 0;
    }
  }
  die "no file parameters item\n";' "$WORK/child.vhdx"
check_run "differencing VHDX" 1 -o "$WORK/child-out.qcow2" "$WORK/child.vhdx"
check_one_line_error "differencing VHDX" "child.vhdx is a differencing VHDX"
check "differencing VHDX: no output" test ! -e "$WORK/child-out.qcow2"
# --format overrides detection: the same file named as VHD explicitly.
check_run "differencing VHD, --format vhd" 1 --format vhd -o "$WORK/child-out.qcow2" "$WORK/child.vhd"
check_one_line_error "differencing VHD, --format vhd" "differencing VHD"
# --format wins over the magic bytes, with a warning when they disagree.
check_run "--format raw on a VMDK" 1 --format raw --dry-run "$WORK/disk.vmdk"
check "--format raw on a VMDK: warned" grep -q "disk.vmdk looks like a VMDK image, but --format says raw" "$WORK/err"
check "--format raw on a VMDK: read as raw" grep -q "disk.vmdk is not a disk image" "$WORK/err"
check_run "bad --format" 2 --format vdi "$WORK/disk.vmdk"
check_one_line_error "bad --format" "--format must be raw, qcow2, vmdk, vhd or vhdx"

# A copy cut short, as an interrupted transfer leaves it.
img=$(copy_fixture win2008r2-citrix.img)
truncate -s 20M "$img"
before=$(sum "$img")
check_run "truncated image" 1 "$img"
check_one_line_error "truncated image" "win2008r2-citrix.img is truncated"
check_eq "truncated image untouched" "$(sum "$img")" "$before"

img=$(copy_fixture win2019-xcpng.img)
truncate -s 100M "$img"
check_run "truncated GPT image" 1 "$img"
check_one_line_error "truncated GPT image" "backup GPT header"

img=$(copy_fixture win7-gplpv-x86.img)
chmod 444 "$img"
before=$(sum "$img")
check_run "read-only image" 1 "$img"
check_one_line_error "read-only image" "win7-gplpv-x86.img is read-only"
check_eq "read-only image untouched" "$(sum "$img")" "$before"

check_run "unknown option" 2 --frobnicate "$img"
check_one_line_error "unknown option" "unknown option '--frobnicate'"
check_run "no image" 2
check_one_line_error "no image" "no IMAGE given"
check_run "the same image twice" 2 "$img" "$img"
check_one_line_error "the same image twice" "is named twice"
check_run "-O without -o" 2 -O qcow2 "$img"
check_one_line_error "-O without -o" "needs --output"
check_run "bad -O" 2 -o "$WORK/x" -O vdi "$img"
check_one_line_error "bad -O" "must be qcow2, raw, vmdk, vhdx or vhd"

# -o: never the input itself, never over an existing file without --force.
check_run "-o is the input" 1 -o "$img" "$img"
check_one_line_error "-o is the input" "is the input itself: drop -o"
: >"$WORK/exists.qcow2"
check_run "-o exists" 1 -o "$WORK/exists.qcow2" "$img"
check_one_line_error "-o exists" "exists.qcow2 exists: refusing to overwrite it (use --force)"
check_eq "-o exists: left alone" "$(stat -c %s "$WORK/exists.qcow2")" 0
check_run "dry-run with inspect" 2 --dry-run --inspect "$img"
check_run "--libvirt-xml without -o" 2 --libvirt-xml "$WORK/d.xml" "$img"
check_one_line_error "--libvirt-xml without -o" "needs --output"
check_run "bad --vcpus" 2 --vcpus 0 -o "$WORK/x" "$img"
check_one_line_error "bad --vcpus" "--vcpus must be a number"

check_run "help" 0 --help
check "help shows usage" grep -q "Usage: v2v-fixup" "$WORK/out"
for opt in --virtio-win --block-driver --no-virtio --report --output-format \
           --format --libvirt-xml --vcpus --memory --vm --force \
           --lift-device-restrictions --json; do
  check "help offers $opt" grep -q -- "$opt " "$WORK/out"
done
check_run "version" 0 --version
check "version line" grep -qE '^v2v-fixup [0-9]+\.[0-9]+\.[0-9]+$' "$WORK/out"

finish
