# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by bench/compare.sh and bench/batch.sh, from the top of the tree:
# what both need before they measure.
#   bench_install_reference   virt-v2v-in-place and nbdkit from Debian
#   bench_sources             the phony guests and the fake virtio-win tree
#                             (VIRTIO_WIN), built or cached
#   bench_workdir NAME        WORK: a scratch dir removed at exit, and the
#                             LIBGUESTFS_HV wrapper that counts appliance
#                             launches into $WORK/launches
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS-force_tcg}
v2v=${V2V:-$PWD/build/v2v-fixup}

bench_install_reference() {
  if ! command -v virt-v2v-in-place >/dev/null || ! command -v nbdkit >/dev/null; then
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virt-v2v nbdkit >/dev/null
  fi
}

bench_sources() {
  tests/fixtures/build.sh build/fixtures >/dev/null
  tests/fixtures/make-virtio-win.sh build/virtio-win >/dev/null
  export VIRTIO_WIN=$PWD/build/virtio-win/tree
}

bench_workdir() {
  WORK=$(mktemp -d "/var/tmp/v2v-$1.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  # Every appliance libguestfs starts goes through this wrapper, which
  # notes the boots (qemu is also run with -help/-version to probe it: not
  # counted).
  cat >"$WORK/qemu-wrap" <<WRAP
#!/bin/sh
case " \$* " in *" -kernel "*) echo boot >>"$WORK/launches" ;; esac
exec $(command -v qemu-system-x86_64) "\$@"
WRAP
  chmod +x "$WORK/qemu-wrap"
  export LIBGUESTFS_HV=$WORK/qemu-wrap
}
