#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make-catalog.sh CN OUT: a catalog-shaped PKCS#7 SignedData (DER) signed
# by a throw-away leaf certificate with subject CN, issued by a throw-away
# CA that is also in the bundle, so the signer must be found by issuer and
# serial, not taken as the first certificate. Used by the unit tests
# (tests/unit/data/*.cat, generated once) and by the fake virtio-win tree.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 CN OUT" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -subj "/O=v2v-fixup tests/CN=v2v-fixup test CA" \
  -keyout "$tmp/ca.key" -out "$tmp/ca.pem" -days 3650 2>/dev/null
openssl req "${ec[@]}" -subj "/O=v2v-fixup tests/CN=$1" \
  -keyout "$tmp/leaf.key" -out "$tmp/leaf.csr" 2>/dev/null
openssl x509 -req -in "$tmp/leaf.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" \
  -set_serial 4242 -days 3650 -out "$tmp/leaf.pem" 2>/dev/null
printf 'v2v-fixup test catalog content\n' > "$tmp/content"
# CA first in the bundle: a reader that takes the first certificate fails.
openssl smime -sign -binary -nodetach -outform DER -in "$tmp/content" \
  -signer "$tmp/leaf.pem" -inkey "$tmp/leaf.key" -certfile "$tmp/ca.pem" \
  -out "$2"
