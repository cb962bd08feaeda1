/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Windows files read from the guest or the virtio-win source: INF
 * (version, device lines, keys), catalogs (the signer), PE headers. */
#include <stdint.h>
#include <stdlib.h>

#include "v2v/catalog.h"
#include "v2v/guest.h"
#include "v2v/inf.h"
#include "v2v/pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct driver_package p = {0};
  inf_parse_version(data, size, &p);
  free(p.provider), free(p.catalog), free(p.class_name), free(p.driver_ver);
  char *install = NULL, *desc = NULL, *mfg = NULL;
  (void)inf_find_device(data, size, "PCI\\VEN_1AF4&DEV_1001", &install, &desc,
                        &mfg);
  free(install), free(desc), free(mfg);
  strlist ids = inf_device_ids(data, size, "PCI\\VEN_1AF4&DEV_1001");
  strlist_free(&ids);
  free(inf_get(data, size, "Version", "DriverVer"));
  free(catalog_signer(data, size));
  (void)pe_arch(data, size);
  return 0;
}
