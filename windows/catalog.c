/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal DER walk through PKCS#7 SignedData (RFC 2315 section 9.1) to
 * the signing certificate's subject CN. Only definite lengths: catalogs
 * are DER. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "v2v/catalog.h"
#include "v2v/strlist.h"

struct tlv {
  unsigned tag;
  const unsigned char *body; /* contents */
  size_t len;                /* contents length */
  const unsigned char *all;  /* the whole element, header included */
  size_t all_len;
};

/* Reads one element at *P (below END); advances *P past it. */
static bool next(const unsigned char **p, const unsigned char *end,
                 struct tlv *t)
{
  const unsigned char *q = *p;
  if (end - q < 2)
    return false;
  t->all = q;
  t->tag = *q++;
  if ((t->tag & 0x1f) == 0x1f)
    return false; /* multi-byte tags never occur in these structures */
  size_t len = *q++;
  if (len & 0x80) {
    int n = len & 0x7f;
    if (n == 0 || n > 4 || end - q < n)
      return false; /* indefinite or absurd */
    len = 0;
    while (n--)
      len = len << 8 | *q++;
  }
  if ((size_t)(end - q) < len)
    return false;
  t->body = q;
  t->len = len;
  t->all_len = (size_t)(q - t->all) + len;
  *p = q + len;
  return true;
}

/* The first element inside T, which must have tag WANT. */
static bool enter(const struct tlv *t, unsigned want, struct tlv *in)
{
  const unsigned char *p = t->body;
  return t->tag == want && next(&p, t->body + t->len, in);
}

static const unsigned char OID_SIGNED_DATA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                0x0d, 0x01, 0x07, 0x02};
static const unsigned char OID_CN[] = {0x55, 0x04, 0x03};

/* The CN of a Name (SEQUENCE OF SET OF AttributeTypeAndValue). */
static char *common_name(const struct tlv *name)
{
  const unsigned char *p = name->body, *end = p + name->len;
  struct tlv rdn, atv, oid, val;
  while (next(&p, end, &rdn)) {
    const unsigned char *q = rdn.body, *qend = q + rdn.len;
    while (next(&q, qend, &atv)) {
      const unsigned char *r = atv.body, *rend = r + atv.len;
      if (!next(&r, rend, &oid) || !next(&r, rend, &val) || oid.tag != 0x06 ||
          oid.len != sizeof OID_CN || memcmp(oid.body, OID_CN, oid.len))
        continue;
      if (val.tag == 0x1e) { /* BMPString: UTF-16BE, kept to ASCII here */
        char *s = xcalloc(1, val.len / 2 + 1);
        for (size_t i = 0; i + 1 < val.len; i += 2)
          s[i / 2] = val.body[i] == 0 && val.body[i + 1] < 0x80
                         ? (char)val.body[i + 1] : '?';
        return s;
      }
      /* UTF8String, PrintableString, T61String, IA5String */
      if (val.tag == 0x0c || val.tag == 0x13 || val.tag == 0x14 ||
          val.tag == 0x16)
        return strndup((const char *)val.body, val.len);
    }
  }
  return NULL;
}

/* Whether certificate CERT has this issuer and serial; its subject. */
static bool cert_matches(const struct tlv *cert, const struct tlv *issuer,
                         const struct tlv *serial, struct tlv *subject)
{
  struct tlv tbs, f;
  if (!enter(cert, 0x30, &tbs) || tbs.tag != 0x30)
    return false;
  const unsigned char *p = tbs.body, *end = p + tbs.len;
  if (!next(&p, end, &f))
    return false;
  if (f.tag == 0xa0 && !next(&p, end, &f)) /* [0] version */
    return false;
  struct tlv sig, iss, validity;
  if (f.tag != 0x02 || !next(&p, end, &sig) || !next(&p, end, &iss) ||
      !next(&p, end, &validity) || !next(&p, end, subject))
    return false;
  return f.all_len == serial->all_len &&
         !memcmp(f.all, serial->all, f.all_len) &&
         iss.all_len == issuer->all_len &&
         !memcmp(iss.all, issuer->all, iss.all_len);
}

char *catalog_signer(const void *data, size_t len)
{
  const unsigned char *p = data;
  struct tlv ci, oid, wrap, sd, f;
  if (!next(&p, p + len, &ci) || !enter(&ci, 0x30, &oid) ||
      oid.tag != 0x06 || oid.len != sizeof OID_SIGNED_DATA ||
      memcmp(oid.body, OID_SIGNED_DATA, oid.len))
    return NULL;
  const unsigned char *q = oid.body + oid.len, *qend = ci.body + ci.len;
  if (!next(&q, qend, &wrap) || !enter(&wrap, 0xa0, &sd) || sd.tag != 0x30)
    return NULL;
  /* version, digestAlgorithms, contentInfo, [0] certificates, [1] crls,
   * signerInfos */
  const unsigned char *s = sd.body, *send = s + sd.len;
  struct tlv certs = {0}, signers = {0};
  for (int i = 0; next(&s, send, &f); i++) {
    if (f.tag == 0xa0)
      certs = f;
    else if (f.tag == 0x31 && i >= 3)
      signers = f;
  }
  struct tlv si, ver, ias, issuer, serial;
  if (!certs.body || !enter(&signers, 0x31, &si) || !enter(&si, 0x30, &ver))
    return NULL;
  const unsigned char *r = ver.body + ver.len, *rend = si.body + si.len;
  if (!next(&r, rend, &ias) || !enter(&ias, 0x30, &issuer))
    return NULL;
  const unsigned char *t = issuer.body + issuer.len;
  if (!next(&t, ias.body + ias.len, &serial))
    return NULL;
  const unsigned char *c = certs.body, *cend = c + certs.len;
  struct tlv cert, subject;
  while (next(&c, cend, &cert))
    if (cert_matches(&cert, &issuer, &serial, &subject))
      return common_name(&subject);
  return NULL;
}
