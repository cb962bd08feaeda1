/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The registry side of injecting a virtio boot storage driver: pure
 * functions over hive files, unit-tested without the appliance. */
#ifndef V2V_VIRTIO_REGISTRY_H
#define V2V_VIRTIO_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v2v/change.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"
#include "v2v/result.h"

#define VIRTIO_FIXUP "virtio"
/* Where the drivers not needed at boot are staged, and what DevicePath
 * gains so that PnP finds them when the devices appear. */
#define VIRTIO_STAGE_DIR "Drivers\\VirtIO"
#define VIRTIO_DEVICE_PATH "%SystemRoot%\\Drivers\\VirtIO"

/* Signer scores (setupapi.h SIGNERSCORE_*) and the subject Microsoft signs
 * WHQL and attested driver catalogs with. */
#define SIGNERSCORE_WHQL 0x0D000005u
#define SIGNERSCORE_AUTHENTICODE 0x0F000000u
#define SIGNERSCORE_UNSIGNED 0x80000000u
#define MICROSOFT_HW_PUBLISHER "Microsoft Windows Hardware Compatibility Publisher"

/* Everything the fix-up needs to know about the boot storage package. */
struct virtio_package {
  const char *service;    /* viostor */
  const char *inf_name;   /* viostor.inf */
  char *pkg;              /* viostor.inf_amd64_<16 hex> */
  char *oem;              /* oemN.inf */
  const char *inf;        /* .inf contents */
  size_t inf_len;
  strlist hwids;          /* the hardware IDs made boot-critical */
  /* Driver-store package values (Windows 8+): */
  char *signer;           /* catalog signer's CN; NULL = not signed */
  uint64_t file_size;     /* bytes of the package files in the store */
  uint64_t import_time;   /* FILETIME of the import (this run) */
  char *oem_path;         /* where the package was imported from */
};

/* The smallest N such that oemN.inf is not in USED (file names in
 * Windows\INF), not in DriverDatabase\DriverInfFiles of either hive, and
 * its OemInfMap bit is clear: the number Windows would give next. */
int virtio_next_oem(hive *sys, hive *drivers, const strlist *used);
/* The oemN.inf the driver database gives PKG, or NULL. */
char *virtio_registered_oem(hive *sys, const char *pkg);
/* DriverPackages Version: 00 ff 09 00 00 00 00 00, class GUID, FILETIME
 * of the DriverVer date, the version as 4 x u16 (LE u64), 8 zeros. */
MUST_CHECK int virtio_version_value(const char *class_guid,
                                    const char *driver_ver,
                                    unsigned char out[48]);

/* Plans a boot-start storage driver: Services\<svc> in every control set;
 * before Windows 8 (no DriverDatabase at the SYSTEM root) the
 * CriticalDeviceDatabase entries, from Windows 8 the driver-database
 * registration in SYSTEM and DRIVERS. Plans only what differs. */
void virtio_plan_storage_registry(hive *sys, hive *drivers,
                                  const strlist *control_sets,
                                  const struct virtio_package *p,
                                  struct change_list *out);
/* Plans KEY\VALUE := TYPE/DATA in hive ID unless the hive, or a change
 * already in OUT, has exactly that. */
void virtio_ensure_raw(hive *h, enum hive_id id, const char *key,
                       const char *value, uint32_t type, const void *data,
                       size_t len, const char *why, struct change_list *out);
/* Whether SYSTEM is Windows 8+ (has a driver database). */
bool virtio_has_driver_database(hive *sys);
/* Appends DIR to SOFTWARE ...\CurrentVersion\DevicePath unless there. */
void virtio_plan_device_path(hive *sw, const char *dir,
                             struct change_list *out);

#endif
