#!/bin/bash
# Bad input that is caught before the appliance starts: one clear line
# naming the thing, the documented exit code, the file untouched.
. "$(dirname "$0")/lib.sh"

check_run "missing file" 1 "$WORK/nope.img"
check_one_line_error "missing file" "nope.img: No such file"

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

printf 'KDMV' >"$WORK/disk.vmdk" && truncate -s 1M "$WORK/disk.vmdk"
check_run "vmdk" 1 "$WORK/disk.vmdk"
check_one_line_error "vmdk" "disk.vmdk is a VMDK image"

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
check_run "two images" 2 "$img" "$img"
check_one_line_error "two images" "one IMAGE only"
check_run "-O without -o" 2 -O qcow2 "$img"
check_one_line_error "-O without -o" "needs --output"
check_run "bad -O" 2 -o "$WORK/x" -O vdi "$img"
check_one_line_error "bad -O" "raw or qcow2"
check_run "dry-run with inspect" 2 --dry-run --inspect "$img"

check_run "help" 0 --help
check "help shows usage" grep -q "Usage: v2v-fixup" "$WORK/out"
for opt in --virtio-win --block-driver --no-virtio --report --output-format; do
  check "help offers $opt" grep -q -- "$opt" "$WORK/out"
done
# Options whose work is not built yet must not be offered.
for opt in --libvirt-xml --format; do
  check "help does not offer $opt" bash -c "! grep -q -- '$opt ' '$WORK/out'"
done
check_run "version" 0 --version
check "version line" grep -qE '^v2v-fixup [0-9]+\.[0-9]+\.[0-9]+$' "$WORK/out"

finish
