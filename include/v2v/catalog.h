/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The signer of a driver catalog (.cat): a PKCS#7 SignedData in DER. The
 * driver database records it per package (SignerName); nothing here checks
 * the signature, it only names who made it. */
#ifndef V2V_CATALOG_H
#define V2V_CATALOG_H

#include <stddef.h>

/* The subject common name of the certificate that signed the catalog (the
 * one the first SignerInfo names by issuer and serial), as UTF-8; NULL if
 * DATA is not a DER PKCS#7 SignedData with such a certificate. */
char *catalog_signer(const void *data, size_t len);

#endif
