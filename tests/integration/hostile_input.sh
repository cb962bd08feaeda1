#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Crafted inputs: no host file is read or written through image metadata,
# every parser is bounded, scratch space is checked before a launch, one
# run at a time holds an image, an interrupted commit is completed by the
# next run, and a signal ends a run with the image as it was. All but the
# last case are refused before the appliance starts.
. "$(dirname "$0")/lib.sh"

# A host file that only image metadata names: nothing may open it
# (lib.sh's traced checks).
secret=$WORK/host-secret
printf 'not guest data\n' >"$secret"
truncate -s 1M "$secret"
NEVER_OPENED=("$secret")

echo "hostile_input: images whose metadata names host files"
qemu-img create -q -f qcow2 -b "$secret" -F raw "$WORK/backed.qcow2" 1M
traced "qcow2 with a backing file" 1 "backed.qcow2 is a qcow2 image with a backing file" \
  -n "$WORK/backed.qcow2"
qemu-img create -q -f qcow2 -o data_file="$secret",data_file_raw=on \
  "$WORK/datafile.qcow2" 1M
before=$(sum "$secret")
traced "qcow2 with a data file" 1 "datafile.qcow2 is a qcow2 image whose data lives in an external data file" \
  "$WORK/datafile.qcow2"
check_eq "qcow2 with a data file: the data file untouched" "$(sum "$secret")" "$before"
cat >"$WORK/extent.vmdk" <<VMDK
# Disk DescriptorFile
version=1
CID=12345678
parentCID=ffffffff
createType="monolithicFlat"
RW 2048 FLAT "$secret" 0
VMDK
traced "VMDK descriptor naming a host file" 1 'names the extent file' \
  -o "$WORK/out.qcow2" "$WORK/extent.vmdk"
check "VMDK descriptor: no output" test ! -e "$WORK/out.qcow2"

# A sparse VMDK whose embedded descriptor names a parent (qemu opens it).
kdmv_with() { # FILE SED-EXPRESSION: rewrites the embedded descriptor
  qemu-img create -q -f vmdk "$1" 10M
  perl -e '
    my ($file, $from, $to) = @ARGV;
    open my $f, "+<", $file or die; binmode $f;
    read $f, my $h, 512;
    my ($off, $len) = unpack "Q<Q<", substr($h, 28, 16);
    seek $f, $off * 512, 0; read $f, my $d, $len * 512;
    $d =~ s/\0.*//s; $d =~ s/$from/$to/ or die "no $from\n";
    seek $f, $off * 512, 0; print $f $d, "\0";' "$1" "$2" "$3"
}
kdmv_with "$WORK/snap.vmdk" 'parentCID=ffffffff' \
  "parentCID=12345678"$'\n'"parentFileNameHint=\"$secret\""
traced "sparse VMDK with a parent" 1 "snap.vmdk is a VMDK snapshot whose parent is" \
  -o "$WORK/out.qcow2" "$WORK/snap.vmdk"

echo "hostile_input: packages"
# ova NAME FILES...: a ustar package of FILES (in $WORK/pkg) with an OVF
# naming the first as its disk.
ovf_for() { # HREF [COMPRESSION] [CAPACITY]
  cat <<OVF
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1">
  <References><File id="f1" href="$1"${2:+ compression=\"$2\"}/></References>
  <DiskSection><Disk diskId="d1" fileRef="f1" capacity="${3:-10485760}"/></DiskSection>
  <VirtualSystem id="vm"><Name>vm</Name><VirtualHardwareSection>
    <Item><ResourceType>17</ResourceType><HostResource>ovf:/disk/d1</HostResource></Item>
  </VirtualHardwareSection></VirtualSystem>
</Envelope>
OVF
}
rm -rf "$WORK/pkg" && mkdir "$WORK/pkg"
cp "$WORK/snap.vmdk" "$WORK/pkg/disk1.vmdk"
ovf_for disk1.vmdk >"$WORK/pkg/vm.ovf"
tar --format=ustar -C "$WORK/pkg" -cf "$WORK/parent.ova" vm.ovf disk1.vmdk
traced "OVA with a VMDK snapshot" 1 "disk file disk1.vmdk is a VMDK snapshot" \
  -n "$WORK/parent.ova"

rm -rf "$WORK/linkpkg" && mkdir "$WORK/linkpkg"
ln -s "$secret" "$WORK/linkpkg/disk1.vmdk"
ovf_for disk1.vmdk >"$WORK/linkpkg/vm.ovf"
traced "OVF folder whose disk links out" 1 "disk1.vmdk is a link to .*outside the package folder" \
  -n "$WORK/linkpkg/vm.ovf"

# A pax record whose length wraps: this looped for ever.
perl -e '
  sub hdr { my ($name, $type, $size) = @_;
    my $h = pack("a100 a8 a8 a8 a12 a12 A8 a1 a100 a6 a2", $name, "0000644",
                 "0000000", "0000000", sprintf("%011o", $size), "00000000000",
                 "", $type, "", "ustar", "00");
    $h .= "\0" x (512 - length $h);
    my $sum = 0; $sum += $_ for unpack "C*", $h;
    substr($h, 148, 8) = sprintf("%06o\0 ", $sum); $h }
  my $rec = "18446744073709551615 path=x\n";
  print hdr("PaxHeader", "x", length $rec), $rec, "\0" x (512 - length $rec);
  print hdr("vm.ovf", "0", 4), "<a/>", "\0" x 508, "\0" x 1024;' >"$WORK/wrap.ova"
timeout 20 "$V2V" -n "$WORK/wrap.ova" >"$WORK/out" 2>"$WORK/err"
status=$?
check "pax length wrap: ends (no loop)" test "$status" -ne 124
check_eq "pax length wrap: refused" "$status" 1

rm -rf "$WORK/dup" && mkdir -p "$WORK/dup/a"
ovf_for disk1.vmdk >"$WORK/dup/vm.ovf"
cp "$WORK/snap.vmdk" "$WORK/dup/disk1.vmdk"
printf 'other' >"$WORK/dup/a/disk1.vmdk"
tar --format=ustar -C "$WORK/dup" -cf "$WORK/dup.ova" vm.ovf disk1.vmdk
tar --format=ustar -C "$WORK/dup/a" -rf "$WORK/dup.ova" disk1.vmdk
traced "duplicate member names" 1 "holds two members named disk1.vmdk: ambiguous" \
  -n "$WORK/dup.ova"

# A gzip disk that inflates far past its declared 1 MiB capacity.
rm -rf "$WORK/bomb" && mkdir "$WORK/bomb"
head -c 300M /dev/zero | gzip -1 >"$WORK/bomb/disk1.raw.gz"
ovf_for disk1.raw.gz gzip 1048576 >"$WORK/bomb/vm.ovf"
mkdir -p "$WORK/tmp"
TMPDIR=$WORK/tmp LIBGUESTFS_CACHEDIR=/var/tmp run_v2v -o "$WORK/bomb.qcow2" \
  "$WORK/bomb/vm.ovf"
check_eq "gzip bomb: exit status" "$status" 1
check "gzip bomb: says why" grep -q "error: .*disk1.raw.gz inflates to more than 65 MiB" "$WORK/err"
check_eq "gzip bomb: one error line" "$(grep -c 'error:' "$WORK/err")" 1
check "gzip bomb: nothing left in the scratch space" \
  bash -c "! ls '$WORK'/tmp/v2v-fixup.* >/dev/null 2>&1"

echo "hostile_input: scratch space, locks, interrupted commits"
img=$(copy_fixture win2008r2-citrix.img)
mkdir -p "$WORK/tiny" "$WORK/tmp"
if mount -t tmpfs -o size=1m tmpfs "$WORK/tiny"; then
  TMPDIR=$WORK/tiny timeout 60 "$V2V" -n "$img" >"$WORK/out" 2>"$WORK/err"
  status=$?
  umount "$WORK/tiny"
  check_eq "1 MiB TMPDIR: refused at once" "$status" 1
  check_one_line_error "1 MiB TMPDIR" "not enough free space in $WORK/tiny for the overlay and the appliance cache: 1.0 MiB free"
else
  not_ok "cannot mount a tmpfs for the TMPDIR case (run as root)"
fi

before=$(sum "$img")
exec 9<"$img"
flock -x 9 # held by this shell, as another run would hold it
SECONDS=0
check_run "image held by another run" 1 "$img"
check_one_line_error "image held by another run" "is in use by another v2v-fixup run"
check "image held by another run: refused at once" test "$SECONDS" -lt 5
exec 9<&-
check_eq "image held: untouched" "$(sum "$img")" "$before"

# The commit journal: an overlay of the image with one changed cluster, as
# a run killed during qemu-img commit leaves it. The next fix completes it
# before anything else (here the appliance cannot start, so that is all).
raw=$WORK/journal.img
truncate -s 8M "$raw"
printf '\x55\xaa' | dd of="$raw" bs=1 seek=510 conv=notrunc status=none
mkdir -p "$WORK/tmp/v2v-fixup.kept"
ov=$WORK/tmp/v2v-fixup.kept/overlay.qcow2
spec="json:{\"driver\":\"raw\",\"backing\":null,\"file\":{\"driver\":\"file\",\"filename\":\"$raw\"}}"
qemu-img create -q -f qcow2 -F raw -b "$spec" "$ov"
qemu-io -f qcow2 -c 'write -P 0x5a 1M 64k' "$ov" >/dev/null
printf 'overlay=%s\nformat=raw\n' "$ov" >"$raw.v2v-commit"
check_run "journal, read-only run refused" 1 -n "$raw"
check_one_line_error "journal, read-only run refused" "fix it in place"
LIBGUESTFS_HV=/bin/false run_v2v "$raw"
check "journal: completing said" grep -q "completing them from $ov" "$WORK/err"
check "journal: the changes are in the image" \
  bash -c "cmp -s <(dd if='$raw' bs=64k skip=16 count=1 status=none) <(head -c 65536 /dev/zero | tr '\\0' 'Z')"
check "journal: removed" test ! -e "$raw.v2v-commit"
check "journal: kept overlay removed" test ! -e "$WORK/tmp/v2v-fixup.kept"
# A journal naming an overlay of another file writes nothing anywhere.
qemu-img create -q -f qcow2 -F raw -b "$secret" "$WORK/foreign.qcow2"
qemu-io -f qcow2 -c 'write -P 0x41 0 4k' "$WORK/foreign.qcow2" >/dev/null
printf 'overlay=%s\nformat=raw\n' "$WORK/foreign.qcow2" >"$raw.v2v-commit"
before=$(sum "$secret")
check_run "journal naming a foreign overlay" 1 "$raw"
check_one_line_error "journal naming a foreign overlay" "which is not backed by"
check_eq "journal naming a foreign overlay: nothing written" "$(sum "$secret")" "$before"
rm -f "$raw.v2v-commit"

# SIGCHLD ignored by whoever started us: waits still end.
timeout 60 perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' env \
  LIBGUESTFS_HV=/bin/false "$V2V" -n "$img" >"$WORK/out" 2>"$WORK/err"
status=$?
check "SIGCHLD ignored: no hang" test "$status" -ne 124
check "SIGCHLD ignored: got to the launch" grep -q "cannot start the appliance" "$WORK/err"

echo "hostile_input: Ctrl-C during a run (one appliance start)"
before=$(sum "$img")
TMPDIR=$WORK/tmp LIBGUESTFS_CACHEDIR=${LIBGUESTFS_CACHEDIR:-/var/tmp} \
  "$V2V" --no-virtio "$img" >"$WORK/out" 2>"$WORK/err" &
pid=$!
sleep 4
kill -INT "$pid"
wait "$pid"
status=$?
check_eq "SIGINT: exit status 130" "$status" 130
check "SIGINT: says the image is unchanged" \
  grep -q "interrupted (Interrupt): .*win2008r2-citrix.img is unchanged" "$WORK/err"
check_eq "SIGINT: image untouched" "$(sum "$img")" "$before"
check "SIGINT: scratch dir removed" bash -c "! ls -d '$WORK'/tmp/v2v-fixup.* 2>/dev/null"

finish
