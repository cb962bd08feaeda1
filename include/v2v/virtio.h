/* virtio-win driver injection (REFERENCE §4). The pure parts (which
 * folder fits the guest, the registry plan of a boot storage driver, the
 * DevicePath) work on tables and hive files and are unit-tested; the
 * source reader (src/virtio_source.c) is the only part that needs the
 * appliance. */
#ifndef V2V_VIRTIO_H
#define V2V_VIRTIO_H

#include <stddef.h>
#include <stdint.h>

#include "v2v/change.h"
#include "v2v/guest.h"
#include "v2v/hive.h"
#include "v2v/strlist.h"

#define VIRTIO_FIXUP "virtio"
/* Where the drivers not needed at boot are staged, and what DevicePath
 * gains so that PnP finds them when the devices appear. */
#define VIRTIO_STAGE_DIR "Drivers\\VirtIO"
#define VIRTIO_DEVICE_PATH "%SystemRoot%\\Drivers\\VirtIO"

extern const char data_virtio_win_folders[];

/* Signer scores (setupapi.h SIGNERSCORE_*) and the subject Microsoft signs
 * WHQL and attested driver catalogs with. */
#define SIGNERSCORE_WHQL 0x0D000005u
#define SIGNERSCORE_AUTHENTICODE 0x0F000000u
#define SIGNERSCORE_UNSIGNED 0x80000000u
#define MICROSOFT_HW_PUBLISHER "Microsoft Windows Hardware Compatibility Publisher"

/* The OS folders (in preference order) for a Windows version, variant
 * ("Server" / "Client") and build; empty when the table has none. */
strlist virtio_os_folders(const char *table, int major, int minor,
                          const char *variant, int build);
/* The arch folders for a libguestfs arch ("x86_64" -> amd64). */
strlist virtio_arch_folders(const char *table, const char *arch);

/* One driver found in the source. */
struct virtio_driver {
  char *folder;      /* driver folder in the source, e.g. NetKVM */
  char *name;        /* file name stem, e.g. netkvm */
  char *os_folder;   /* e.g. 2k19 */
  char *arch_folder; /* e.g. amd64 */
  char *dir;         /* appliance path of <folder>/<os>/<arch> */
  strlist files;     /* file names in dir (.pdb left out) */
  char *inf_file;    /* name of <name>.inf as it is in dir */
  char *inf;         /* its contents, NUL-terminated */
  size_t inf_len;
  struct driver_package info; /* [Version] of the inf */
};

/* Where the drivers come from, and what of it fits the guest. */
struct virtio_source {
  char *path;              /* host path: directory or ISO; NULL = none */
  bool iso;
  char *root;              /* appliance path of the tree, once prepared */
  strlist os, arch;        /* folders that fit the guest, in order */
  struct virtio_driver *drivers;
  size_t n;
};

struct options;
struct session;

/* Host side, before the launch: --virtio-win, else $VIRTIO_WIN, else
 * /usr/share/virtio-win (a directory holding virtio-win.iso means the
 * ISO). -1 (message printed) if a path was named and is not there;
 * 0 with v->path NULL if no default exists. */
int virtio_source_locate(const struct options *o, struct virtio_source *v);
/* After inspection: mounts the ISO (added as a read-only drive before the
 * launch) or uploads the fitting folders of a directory, then finds the
 * drivers for the guest. 0 ready (or nothing to do), 1 the source has no
 * storage driver for the guest (message printed), -1 error. */
int virtio_source_prepare(struct session *s);
const struct virtio_driver *virtio_source_driver(const struct virtio_source *v,
                                                 const char *name);
void virtio_source_free(struct virtio_source *v);

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

/* "viostor.inf_amd64_<16 hex of a hash of the inf>" (stable per inf). */
char *virtio_package_name(const char *inf_name, const char *arch_folder,
                          const void *inf, size_t len);
/* The hardware IDs of DRIVER in the table's [storage-ids]. */
strlist virtio_storage_ids(const char *table, const char *driver);
/* The smallest N such that oemN.inf is neither in USED (file names in
 * Windows\INF) nor in DriverDatabase\DriverInfFiles of either hive. */
int virtio_next_oem(hive *sys, hive *drivers, const strlist *used);
/* The oemN.inf the driver database gives PKG, or NULL. */
char *virtio_registered_oem(hive *sys, const char *pkg);
/* DriverPackages Version: 00 ff 09 00 00 00 00 00, class GUID, FILETIME
 * of the DriverVer date, the version as 4 x u16 (LE u64), 8 zeros. */
int virtio_version_value(const char *class_guid, const char *driver_ver,
                         unsigned char out[48]);

/* Plans a boot-start storage driver: Services\<svc> in every control set;
 * before Windows 8 (no DriverDatabase at the SYSTEM root) the
 * CriticalDeviceDatabase entries, from Windows 8 the driver-database
 * registration in SYSTEM and DRIVERS. Plans only what differs. */
void virtio_plan_storage_registry(hive *sys, hive *drivers,
                                  const strlist *control_sets,
                                  const struct virtio_package *p,
                                  struct change_list *out);
/* Whether SYSTEM is Windows 8+ (has a driver database). */
bool virtio_has_driver_database(hive *sys);
/* Appends DIR to SOFTWARE ...\CurrentVersion\DevicePath unless there. */
void virtio_plan_device_path(hive *sw, const char *dir,
                             struct change_list *out);

/* inspect/inf.c: for a device line "%desc% = install, ..., HWID" of any
 * models section: the install section, the description token and the
 * first [Manufacturer] token. -1 if no line names HWID. */
int inf_find_device(const void *data, size_t len, const char *hwid,
                    char **install, char **desc, char **mfg);
/* All IDs of the first device line naming HWID, in order: its hardware
 * ID first, then its compatible IDs; empty if no line names it. */
strlist inf_device_ids(const void *data, size_t len, const char *hwid);
/* A [SECTION] KEY value, %tokens% resolved; NULL if absent. */
char *inf_get(const void *data, size_t len, const char *section,
              const char *key);

#endif
