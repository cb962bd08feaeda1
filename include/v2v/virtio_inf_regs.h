/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a storage driver's INF writes into the registry when Windows
 * installs it, read from its AddReg sections: under the service
 * (Parameters\PnpInterface, Parameters\BusType), its event-log source, and
 * the device's hardware key (interrupt management: MSI, affinity). The
 * boot-driver registration plans them as Windows would have written them.
 * Pure, over the INF text. */
#ifndef V2V_VIRTIO_INF_REGS_H
#define V2V_VIRTIO_INF_REGS_H

#include <stddef.h>

#include "v2v/change.h"
#include "v2v/hive.h"
#include "v2v/inf.h"

struct virtio_package;

struct virtio_inf_regs {
  char *install;            /* the install section of the boot device */
  struct inf_reg *service;  /* relative to Services\<svc> */
  size_t nservice;
  struct inf_reg *eventlog; /* relative to Services\EventLog\System\<svc> */
  size_t neventlog;
  struct inf_reg *device;   /* relative to the device's hardware key */
  size_t ndevice;
};

/* Reads P's INF. An INF that names no Parameters for the service gets
 * what viostor's and vioscsi's INFs and virt-v2v write (PnpInterface\5 = 1,
 * BusType = 1: a storport miniport is then treated as Plug and Play at
 * boot); one with no event-log section gets the usual IoLogMsg.dll
 * source. */
void virtio_inf_regs_read(const struct virtio_package *p,
                          struct virtio_inf_regs *r);
void virtio_inf_regs_free(struct virtio_inf_regs *r);

/* Plans every entry of V (N of them) under BASE in hive ID, unless the
 * hive or the plan already has it. */
void virtio_plan_inf_regs(hive *h, enum hive_id id, const char *base,
                          const struct inf_reg *v, size_t n, const char *why,
                          struct change_list *out);

#endif
