/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/virtio_inf_regs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/virtio_registry.h"

static void add(struct inf_reg **v, size_t *n, const char *subkey,
                const char *name, uint32_t type, const void *data, size_t len)
{
  *v = xrealloc(*v, (*n + 1) * sizeof **v);
  unsigned char *copy = xcalloc(1, len ? len : 1);
  memcpy(copy, data, len);
  (*v)[(*n)++] = (struct inf_reg){xstrdup(subkey), xstrdup(name), type, copy,
                                  len};
}

static void add_dword(struct inf_reg **v, size_t *n, const char *subkey,
                      const char *name, uint32_t d)
{
  unsigned char b[4] = {d & 0xFF, (d >> 8) & 0xFF, (d >> 16) & 0xFF, d >> 24};
  add(v, n, subkey, name, REGT_DWORD, b, 4);
}

static bool names_subkey(const struct inf_reg *v, size_t n, const char *prefix)
{
  for (size_t i = 0; i < n; i++)
    if (strncasecmp(v[i].subkey, prefix, strlen(prefix)) == 0 && v[i].type)
      return true;
  return false;
}

void virtio_inf_regs_read(const struct virtio_package *p,
                          struct virtio_inf_regs *r)
{
  memset(r, 0, sizeof *r);
  for (size_t i = 0; i < p->hwids.n && !r->install; i++) {
    char *desc = NULL, *mfg = NULL;
    if (inf_find_device(p->inf, p->inf_len, p->hwids.v[i], &r->install, &desc,
                        &mfg) == 0)
      free(desc), free(mfg);
  }
  char *svc_inst = NULL, *log_inst = NULL;
  if (r->install &&
      inf_service_sections(p->inf, p->inf_len, r->install, p->service,
                           &svc_inst, &log_inst) == 0) {
    r->nservice = inf_addreg(p->inf, p->inf_len, svc_inst, &r->service);
    if (log_inst)
      r->neventlog = inf_addreg(p->inf, p->inf_len, log_inst, &r->eventlog);
  }
  char *hw = r->install ? inf_decorated(p->inf, p->inf_len, r->install, ".HW")
                        : NULL;
  if (hw)
    r->ndevice = inf_addreg(p->inf, p->inf_len, hw, &r->device);
  if (!names_subkey(r->service, r->nservice, "Parameters")) {
    add_dword(&r->service, &r->nservice, "Parameters\\PnpInterface", "5", 1);
    add_dword(&r->service, &r->nservice, "Parameters", "BusType", 1);
  }
  if (!r->neventlog) {
    size_t len;
    char *file = reg_encode_sz("%SystemRoot%\\System32\\IoLogMsg.dll", &len);
    add(&r->eventlog, &r->neventlog, "", "EventMessageFile", REGT_EXPAND_SZ,
        file, len);
    free(file);
    add_dword(&r->eventlog, &r->neventlog, "", "TypesSupported", 7);
  }
  free(hw), free(svc_inst), free(log_inst);
}

void virtio_inf_regs_free(struct virtio_inf_regs *r)
{
  inf_reg_free(r->service, r->nservice);
  inf_reg_free(r->eventlog, r->neventlog);
  inf_reg_free(r->device, r->ndevice);
  free(r->install);
  memset(r, 0, sizeof *r);
}

void virtio_plan_inf_regs(hive *h, enum hive_id id, const char *base,
                          const struct inf_reg *v, size_t n, const char *why,
                          struct change_list *out)
{
  for (size_t i = 0; i < n; i++) {
    if (!v[i].type) /* a key alone: made with the first value in it */
      continue;
    char *key = *v[i].subkey ? xasprintf("%s\\%s", base, v[i].subkey)
                             : xstrdup(base);
    virtio_ensure_raw(h, id, key, v[i].name, v[i].type, v[i].data, v[i].len,
                      why, out);
    free(key);
  }
}
