#!/bin/bash
# Guests that cannot be fixed offline, and a disk with no OS: a clear error
# line, the documented exit code, the image byte-identical.
. "$(dirname "$0")/lib.sh"

refuse() { # FIXTURE STATUS PATTERN RESULT
  local img before
  img=$(copy_fixture "$1")
  before=$(sum "$img")
  check_run "$1" "$2" -q --report "$WORK/$1.json" "$img"
  check "$1: error names the problem" grep -q -- "$3" "$WORK/err"
  check_eq "$1: errors on stderr" "$(grep -vc 'v2v-fixup: error:' "$WORK/err")" 0
  check_eq "$1: image untouched" "$(sum "$img")" "$before"
  jq_eq "$1: report result" "$WORK/$1.json" .result "$4"
  jq_eq "$1: report exit code" "$WORK/$1.json" .exit_code "$2"
  check_eq "$1: refusal listed at the top of the report (only if refused)" \
    "$(jq -r --arg p "$3" '[.refusals[] | index($p) != null] | any' "$WORK/$1.json")" \
    "$([ "$4" = refused ] && echo true || echo false)"
  rm -f "$img"
}

refuse noos.img 1 "no operating system found in .*noos.img" error
refuse hibernated.img 3 "hibernated or was shut down with Fast Startup" refused
refuse bitlocker.img 3 "partition 2 (/dev/sda2) is encrypted with BitLocker" refused
refuse dynamic.img 3 "dynamic disk" refused

finish
