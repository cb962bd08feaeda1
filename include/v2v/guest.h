/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the guest is: filled by inspect/ after the launch, and filled again
 * from the fixed guest to verify it. The fix-ups read it and never change
 * it (their warnings go to their own output: fixup.h). */
#ifndef V2V_GUEST_H
#define V2V_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "v2v/strlist.h"

enum part_style { PART_NONE, PART_MBR, PART_GPT };
enum firmware { FW_UNKNOWN, FW_BIOS, FW_UEFI };

/* A partition's first sector, its boot sector if it has one: the OEM ID
 * after the jump tells NTFS and BitLocker, the BPB tells FAT. */
#define BOOT_HEAD_BYTES 512

struct partition {
  int num;
  char *device;        /* appliance device, e.g. /dev/sda2 */
  uint64_t start;      /* bytes from the start of the disk */
  uint64_t size;
  char *fstype;        /* "ntfs", "vfat", ... or "" */
  int mbr_type;        /* MBR partition type byte; -1 on GPT */
  bool bootable;       /* MBR active flag */
  char gpt_type[40];   /* GPT partition type GUID, upper case */
  char gpt_guid[40];   /* GPT unique partition GUID, upper case */
  unsigned char boot[BOOT_HEAD_BYTES]; /* read once by inspect_disk_layout */
  size_t boot_len;     /* how many of those were read */
};

struct disk {
  char *device;
  uint64_t size;
  enum part_style style;
  uint32_t mbr_signature;  /* MBR bytes 0x1B8..0x1BB, little-endian */
  char gpt_guid[40];       /* GPT disk GUID, upper case */
  struct partition *parts;
  size_t nparts;
};

/* Whose paravirtual drivers and tools a component belongs to: the Xen PV
 * drivers (doc/registry.md) or VMware Tools (doc/vmware-tools.md). Each
 * has its inventory in data/ and one scan engine reads both. */
enum pv_vendor { PV_NONE, PV_XEN, PV_VMWARE, PV_VENDOR_COUNT };

/* One component of a hypervisor's drivers or tools found in the guest. */
enum pv_kind {
  PV_SERVICE,        /* Services\<svc> not disabled */
  PV_FILTER,         /* Upper/LowerFilters naming one of its filters */
  PV_UNPLUG,         /* Services\XEN Unplug/ForceUnplug */
  PV_START_OVERRIDE, /* StartOverride on an in-box storage driver */
  PV_CDD,            /* CriticalDeviceDatabase entry routed to it */
  PV_CLASS_INSTANCE, /* Control\Class\{cls}\NNNN installed from its inf */
  PV_DRIVER_DB,      /* DriverDatabase entry of its package (Win8+) */
  PV_INF_FILE,       /* Windows\INF\oemN.inf/.pnf of its package */
  PV_REPO_DIR,       /* DriverStore\FileRepository folder of its package */
  PV_UNINSTALL,      /* Uninstall entry of its tools (MSI) */
};

enum hive_id { HIVE_SYSTEM, HIVE_SOFTWARE, HIVE_DRIVERS, HIVE_BCD, HIVE_COUNT };

struct pv_finding {
  enum pv_vendor vendor;
  enum pv_kind kind;
  bool kept;           /* reported only: harmless on KVM, left as it is */
  enum hive_id hive;   /* registry findings */
  char *key;           /* key path inside the hive */
  char *value;         /* value name, or NULL when the key itself is meant */
  char *path;          /* file findings: appliance path */
  char *name;          /* service, filter, inf or product name */
  char *detail;        /* human-readable extra (publisher, uninstall command) */
};

struct driver_package {
  char *path;          /* appliance path of the .inf */
  char *inf_name;      /* file name, e.g. oem3.inf */
  char *pnf_path;      /* the precompiled .pnf beside it, if any */
  char *provider;      /* [Version] Provider, %tokens% resolved */
  char *catalog;       /* CatalogFile */
  char *class_name;
  char *driver_ver;
  enum pv_vendor vendor; /* PV_NONE: nobody's we remove */
  bool kept;           /* the vendor's, but left alone (pvscsi) */
};

/* How a kernel provides one virtio driver. */
enum kmod_state { KMOD_ABSENT, KMOD_MODULE, KMOD_BUILTIN };
enum virtio_mod { VIRTIO_PCI, VIRTIO_BLK, VIRTIO_SCSI, VIRTIO_NET, VIRTIO_MOD_COUNT };

struct linux_kernel {
  char *version;       /* release, e.g. 6.1.0-18-amd64 */
  char *vmlinuz;       /* guest path of the image */
  char *initrd;        /* guest path of its initramfs; NULL if none */
  enum kmod_state virtio[VIRTIO_MOD_COUNT];
  bool xen_only;       /* a Xen PV kernel (e.g. 2.6.18-...el5xen) */
};

enum initramfs_tool { INITRAMFS_NONE, INITRAMFS_UPDATE_INITRAMFS,
                      INITRAMFS_DRACUT, INITRAMFS_MKINITRD };
enum bootloader { BOOT_UNKNOWN, BOOT_GRUB2, BOOT_GRUB_LEGACY };
/* The code in the disk's first sector (include/v2v/boot_sector.h). */
enum boot_code { BOOTCODE_NONE, BOOTCODE_GRUB2, BOOTCODE_GRUB_LEGACY,
                 BOOTCODE_OTHER };

struct linux_info {
  char *family;        /* "debian", "rhel", "suse" or the distro */
  struct linux_kernel *kernels;
  size_t nkernels;
  enum bootloader bootloader;
  char *boot_config;   /* grub.cfg / menu.lst the loader reads */
  char *grub_mkconfig; /* guest command regenerating boot_config, or NULL */
  bool bls;            /* /boot/loader/entries (BLS) holds the entries */
  enum initramfs_tool initramfs_tool;
  /* What the firmware finds (BIOS: the MBR's code and the stage it loads;
   * UEFI: a loader in the ESP); guests booted by pygrub have none. */
  enum boot_code boot_code;
  bool loader_installed;
  char *loader_found;  /* one line: what was found, or what is missing */
  char *grub_install;  /* guest command installing GRUB 2 for BIOS on the
                          disk, or NULL when the guest has none */
  strlist mounts;      /* "mountpoint device" as mounted in the appliance */
  strlist fs_uuids;    /* "/dev/sdXN UUID" of each filesystem with a UUID,
                          the guest's disks lettered in order from a */
};

struct guest {
  /* From libguestfs inspection. */
  char *root;          /* root filesystem device */
  char *os_type;       /* "windows", "linux" */
  char *distro;
  char *product_name;
  char *product_variant; /* "Server", "Client" */
  char *edition;       /* EditionID, e.g. ServerEnterprise */
  char *arch;          /* "x86_64", "i386" */
  char *hostname;
  int major, minor, build;

  struct disk disk;         /* the boot disk */
  struct disk *more_disks;  /* the guest's other disks, in order */
  size_t nmore_disks;
  enum firmware firmware;

  /* Windows. */
  char *systemroot;        /* e.g. /Windows (on the root filesystem) */
  char *control_set;       /* current control set, e.g. ControlSet001 */
  strlist control_sets;    /* every ControlSetNNN present */
  char *system_partition;  /* device holding bootmgr + BCD (BIOS) or the ESP */
  char *bcd_path;          /* appliance path of the BCD, NULL if not found */
  char *bcd_target;        /* where the BCD is or belongs (for a rebuild) */
  bool bcd_readable;
  strlist bcd_problems;    /* device elements that do not match the disk */
  struct pv_finding *pv;   /* every vendor's, in scan order */
  size_t npv;
  struct driver_package *packages;
  size_t npackages;
  strlist virtio_drivers;  /* virtio services present, with their Start */

  /* Linux (inspect/linux_inspect.c); the root is mounted at "/". */
  struct linux_info linux_os;

  /* Why the guest cannot be fixed offline; empty when it can. */
  strlist refusals;
  strlist warnings;        /* what inspection could not read or decide */
};

const char *pv_kind_name(enum pv_kind k);
/* "xen" / "vmware" (the report's words); NULL for PV_NONE. */
const char *pv_vendor_name(enum pv_vendor v);
/* "Xen" / "VMware Tools" (a person's words). */
const char *pv_vendor_label(enum pv_vendor v);
const char *hive_id_name(enum hive_id h);
/* The architecture as libvirt names it ("i686" for 32-bit x86). */
const char *guest_arch_name(const struct guest *g);
const char *firmware_name(enum firmware f);
const char *virtio_mod_name(enum virtio_mod m);
const char *kmod_state_name(enum kmod_state k);
const char *initramfs_tool_name(enum initramfs_tool t);
const char *bootloader_name(enum bootloader b);
const char *boot_code_name(enum boot_code c);
/* Empties L's kernel list. */
void linux_kernels_free(struct linux_info *l);
void disk_free(struct disk *d);
void guest_free(struct guest *g);
void guest_free_windows_scan(struct guest *g);

#endif
