/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "v2v/xva.h"

#include <ctype.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xxhash.h>

#include "v2v/strlist.h"

bool xva_is_xva(const struct tar_index *t)
{
  return t->n > 0 && strcmp(t->v[0].name, "ova.xml") == 0;
}

/* ---- ova.xml: an XML-RPC value ---------------------------------------- */

static bool named(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, name) == 0;
}

static xmlNode *first_element(xmlNode *n)
{
  for (; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
}

/* The <value> of member NAME of the <struct> inside VALUE, or NULL. */
static xmlNode *member(xmlNode *value, const char *name)
{
  xmlNode *st = value ? first_element(value->children) : NULL;
  if (!named(st, "struct"))
    return NULL;
  for (xmlNode *m = st->children; m; m = m->next) {
    if (!named(m, "member"))
      continue;
    xmlNode *nm = NULL, *v = NULL;
    for (xmlNode *c = m->children; c; c = c->next) {
      if (named(c, "name"))
        nm = c;
      else if (named(c, "value"))
        v = c;
    }
    xmlChar *t = nm ? xmlNodeGetContent(nm) : NULL;
    bool match = t && strcmp((const char *)t, name) == 0;
    xmlFree(t);
    if (match)
      return v;
  }
  return NULL;
}

/* A scalar <value>: its text, whether bare or typed (<string>,
 * <boolean>...); "" when absent. */
static char *text(xmlNode *value)
{
  if (!value)
    return xstrdup("");
  xmlChar *t = xmlNodeGetContent(value);
  char *r = xstrdup(t ? (const char *)t : "");
  xmlFree(t);
  return r;
}

static char *member_text(xmlNode *value, const char *name)
{
  return text(member(value, name));
}

/* The <value>s of the <array> inside VALUE. */
static size_t array_items(xmlNode *value, xmlNode ***out)
{
  *out = NULL;
  size_t n = 0;
  xmlNode *arr = value ? first_element(value->children) : NULL;
  xmlNode *data = named(arr, "array") ? first_element(arr->children) : NULL;
  for (xmlNode *v = named(data, "data") ? data->children : NULL; v;
       v = v->next)
    if (named(v, "value")) {
      *out = xrealloc(*out, (n + 1) * sizeof **out);
      (*out)[n++] = v;
    }
  return n;
}

struct object {
  char *class, *id;
  xmlNode *snapshot;
};

struct vbd {
  char *vdi;
  bool bootable;
  long userdevice;
  size_t order;
};

static int compare_vbds(const void *pa, const void *pb)
{
  const struct vbd *a = pa, *b = pb;
  if (a->bootable != b->bootable)
    return a->bootable ? -1 : 1;
  if (a->userdevice != b->userdevice)
    return a->userdevice < b->userdevice ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static bool truthy(const char *s)
{
  return strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0;
}

static const struct object *find_object(const struct object *v, size_t n,
                                        const char *id)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(v[i].id, id) == 0)
      return &v[i];
  return NULL;
}

static void read_vm(struct ovf *o, const struct object *objs, size_t n,
                    const struct object *vm)
{
  o->name = member_text(vm->snapshot, "name_label");
  char *vcpus = member_text(vm->snapshot, "VCPUs_at_startup");
  o->vcpus = atoi(vcpus);
  free(vcpus);
  char *mem = member_text(vm->snapshot, "memory_static_max");
  o->memory_mib = strtoull(mem, NULL, 10) >> 20;
  free(mem);
  char *fw = member_text(member(vm->snapshot, "HVM_boot_params"), "firmware");
  o->firmware = !strcasecmp(fw, "uefi") ? FW_UEFI
                : !strcasecmp(fw, "bios") ? FW_BIOS
                                          : FW_UNKNOWN;
  free(fw);
  /* NICs by device number. */
  for (long dev = 0; dev < 64; dev++)
    for (size_t i = 0; i < n; i++) {
      if (strcmp(objs[i].class, "VIF"))
        continue;
      char *owner = member_text(objs[i].snapshot, "VM");
      char *d = member_text(objs[i].snapshot, "device");
      if (!strcmp(owner, vm->id) && atol(d) == dev && *d) {
        o->nics = xrealloc(o->nics, (o->nnics + 1) * sizeof *o->nics);
        o->nics[o->nnics++] = (struct ovf_nic){
            member_text(objs[i].snapshot, "network"), NULL,
            member_text(objs[i].snapshot, "MAC")};
      }
      free(owner);
      free(d);
    }
}

static void read_disks(struct ovf *o, const struct object *objs, size_t n,
                       const struct object *vm)
{
  struct vbd *vbds = NULL;
  size_t nv = 0;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(objs[i].class, "VBD"))
      continue;
    xmlNode *s = objs[i].snapshot;
    char *owner = member_text(s, "VM"), *type = member_text(s, "type");
    char *empty = member_text(s, "empty"), *vdi = member_text(s, "VDI");
    char *boot = member_text(s, "bootable"), *dev = member_text(s, "userdevice");
    if (!strcmp(owner, vm->id) && !strcasecmp(type, "Disk") &&
        !truthy(empty) && find_object(objs, n, vdi)) {
      vbds = xrealloc(vbds, (nv + 1) * sizeof *vbds);
      vbds[nv] = (struct vbd){xstrdup(vdi), truthy(boot), atol(dev), nv};
      nv++;
    }
    free(owner), free(type), free(empty), free(vdi), free(boot), free(dev);
  }
  if (nv > 1)
    qsort(vbds, nv, sizeof *vbds, compare_vbds);
  for (size_t i = 0; i < nv; i++) {
    const struct object *vdi = find_object(objs, n, vbds[i].vdi);
    char *size = member_text(vdi->snapshot, "virtual_size");
    o->disks = xrealloc(o->disks, (o->ndisks + 1) * sizeof *o->disks);
    o->disks[o->ndisks++] = (struct ovf_disk){
        .id = xstrdup(vdi->id), .href = xstrdup(vdi->id),
        .capacity = strtoull(size, NULL, 10), .format = xstrdup("raw"),
        .bus = -1, .unit = -1};
    free(size);
    free(vbds[i].vdi);
  }
  free(vbds);
}

enum result xva_parse(const char *xml, size_t len, struct ovf *out, char **why)
{
  memset(out, 0, sizeof *out);
  *why = NULL;
  xmlDoc *doc = xmlReadMemory(xml, (int)len, "ova.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
  if (!doc) {
    *why = xstrdup("ova.xml is not well-formed XML");
    return RESULT_ERROR;
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  xmlNode **items = NULL;
  size_t n = doc->intSubset ? 0
             : array_items(named(root, "value") ? member(root, "objects") : NULL,
                           &items);
  struct object *objs = xcalloc(n + 1, sizeof *objs);
  for (size_t i = 0; i < n; i++)
    objs[i] = (struct object){member_text(items[i], "class"),
                              member_text(items[i], "id"),
                              member(items[i], "snapshot")};
  const struct object *vm = NULL;
  for (size_t i = 0; i < n && !vm; i++) {
    char *tmpl = member_text(objs[i].snapshot, "is_a_template");
    if (!strcmp(objs[i].class, "VM") && objs[i].snapshot && !truthy(tmpl))
      vm = &objs[i];
    free(tmpl);
  }
  enum result r = RESULT_ERROR;
  if (doc->intSubset)
    *why = xstrdup("ova.xml has a DOCTYPE: refused");
  else if (!vm)
    *why = xstrdup("ova.xml describes no VM");
  else {
    out->flavour = "xva";
    read_vm(out, objs, n, vm);
    read_disks(out, objs, n, vm);
    if (!out->ndisks)
      *why = xstrdup("ova.xml: the VM has no disk");
    else
      r = RESULT_OK;
  }
  for (size_t i = 0; i < n; i++)
    free(objs[i].class), free(objs[i].id);
  free(objs);
  free(items);
  xmlFreeDoc(doc);
  if (r == RESULT_ERROR)
    ovf_free(out);
  return r;
}

/* ---- chunks --------------------------------------------------------- */

/* "Ref:N/00000012" -> 12; -1 if NAME is not a chunk of REF. */
static long long chunk_counter(const char *name, const char *ref)
{
  size_t rl = strlen(ref);
  if (strncmp(name, ref, rl) || name[rl] != '/')
    return -1;
  const char *d = name + rl + 1;
  for (int i = 0; i < 8; i++)
    if (!isdigit((unsigned char)d[i]))
      return -1;
  return d[8] ? -1 : strtoll(d, NULL, 10);
}

static int compare_chunks(const void *pa, const void *pb)
{
  const struct xva_chunk *a = pa, *b = pb;
  return a->counter < b->counter ? -1 : a->counter > b->counter;
}

enum result xva_chunks(const struct tar_index *t, const char *ref,
                       struct xva_chunk **out, size_t *n, char **why)
{
  *out = NULL;
  *n = 0;
  *why = NULL;
  for (size_t i = 0; i < t->n && !*why; i++) {
    long long c = chunk_counter(t->v[i].name, ref);
    if (c < 0)
      continue;
    char *xx = xasprintf("%s.xxhash", t->v[i].name);
    char *sha = xasprintf("%s.checksum", t->v[i].name);
    const struct tar_member *d = tar_index_find(t, xx);
    bool xxhash = d != NULL;
    if (!d)
      d = tar_index_find(t, sha);
    if (!d)
      *why = xasprintf("%s has no .xxhash or .checksum: it cannot be "
                       "verified", t->v[i].name);
    else {
      *out = xrealloc(*out, (*n + 1) * sizeof **out);
      (*out)[(*n)++] = (struct xva_chunk){(uint64_t)c, t->v[i].offset,
                                          t->v[i].size, d->offset, d->size,
                                          xxhash};
    }
    free(xx);
    free(sha);
  }
  if (!*why && !*n)
    *why = xasprintf("the disk %s has no chunk in the archive", ref);
  if (*why) {
    free(*out);
    *out = NULL;
    *n = 0;
    return RESULT_ERROR;
  }
  if (*n > 1)
    qsort(*out, *n, sizeof **out, compare_chunks);
  return RESULT_OK;
}

static void hex(const unsigned char *b, size_t n, char *out)
{
  for (size_t i = 0; i < n; i++)
    sprintf(out + 2 * i, "%02x", b[i]);
}

/* Whether DATA's digest is the text TEXT (case and blanks ignored). */
static bool digest_matches(const struct xva_chunk *c, const void *data,
                           size_t len, const char *text)
{
  char want[41] = "";
  size_t k = 0;
  for (const char *p = text; *p && k < 40; p++)
    if (isxdigit((unsigned char)*p))
      want[k++] = (char)tolower((unsigned char)*p);
  char got[41];
  if (c->xxhash) {
    snprintf(got, sizeof got, "%016llx",
             (unsigned long long)XXH64(data, len, 0));
  } else {
    unsigned char md[20];
    unsigned int mdlen = 0;
    EVP_Digest(data, len, md, &mdlen, EVP_sha1(), NULL);
    hex(md, 20, got);
  }
  return strcmp(got, want) == 0;
}

enum result xva_assemble(int tar_fd, const struct xva_chunk *c, size_t n,
                         uint64_t virtual_size, const char *dst, char **why)
{
  *why = NULL;
  int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out == -1) {
    *why = xasprintf("cannot create %s", dst);
    return RESULT_ERROR;
  }
  uint64_t block = n ? c[0].size : 0, pos = 0;
  long long prev = -1;
  char *buf = NULL;
  for (size_t i = 0; i < n && !*why; i++) {
    /* Counters skipped are all-zero chunks of the first chunk's size;
     * an empty chunk (a keep-alive) only takes its counter. */
    uint64_t gap = c[i].counter - (uint64_t)(prev + 1);
    prev = (long long)c[i].counter;
    if (gap > virtual_size / (block ? block : 1) + 1 ||
        pos + gap * block > virtual_size || c[i].size > virtual_size ||
        pos + gap * block > virtual_size - c[i].size || c[i].digest_size > 128) {
      *why = xasprintf("chunk %08llu lies past the disk's %llu bytes",
                       (unsigned long long)c[i].counter,
                       (unsigned long long)virtual_size);
      break;
    }
    pos += gap * block;
    buf = xrealloc(buf, c[i].size ? c[i].size : 1);
    char text[129] = "";
    if (pread(tar_fd, buf, c[i].size, (off_t)c[i].offset) != (ssize_t)c[i].size ||
        pread(tar_fd, text, c[i].digest_size, (off_t)c[i].digest_offset) !=
            (ssize_t)c[i].digest_size) {
      *why = xasprintf("cannot read chunk %08llu",
                       (unsigned long long)c[i].counter);
    } else if (!digest_matches(&c[i], buf, c[i].size, text)) {
      *why = xasprintf("chunk %08llu does not match its %s (damaged or "
                       "altered)", (unsigned long long)c[i].counter,
                       c[i].xxhash ? "xxhash" : "SHA-1 checksum");
    } else if (c[i].size && pwrite(out, buf, c[i].size, (off_t)pos) !=
                                (ssize_t)c[i].size) {
      *why = xasprintf("cannot write %s (no space?)", dst);
    }
    pos += c[i].size;
  }
  free(buf);
  if (!*why && pos != virtual_size)
    *why = xasprintf("its chunks hold %llu bytes but the disk has %llu "
                     "(truncated export?)", (unsigned long long)pos,
                     (unsigned long long)virtual_size);
  if (!*why && ftruncate(out, (off_t)virtual_size) == -1)
    *why = xasprintf("cannot size %s", dst);
  if (close(out) == -1 && !*why)
    *why = xasprintf("cannot write %s", dst);
  if (*why) {
    unlink(dst);
    return RESULT_ERROR;
  }
  return RESULT_OK;
}
