/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OVF descriptors of VMware, VirtualBox and XenServer. Elements are matched
 * by local name: the flavours agree on names, not on namespace prefixes. */
#include "v2v/ovf.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/strlist.h"

#define NS_CITRIX "http://schemas.citrix.com/ovf/envelope/1"
#define NS_VBOX "http://www.virtualbox.org/ovf/machine"
#define NS_VMWARE "http://www.vmware.com/schema/ovf"

/* CIM ResourceType values (DMTF CIM_ResourceAllocationSettingData). */
enum { RT_PROCESSOR = 3, RT_MEMORY = 4, RT_IDE = 5, RT_SCSI = 6,
       RT_ETHERNET = 10, RT_FLOPPY = 14, RT_CD = 15, RT_DVD = 16, RT_DISK = 17,
       RT_STORAGE_EXTENT = 19 /* XenCenter's disks */,
       RT_OTHER_STORAGE = 20 /* SATA and NVMe controllers */ };

/* More disks than a KVM guest takes in practice; libguestfs stops at 255
 * drives, and each disk costs an overlay before the launch. */
#define OVF_MAX_DISKS 64

static bool named(const xmlNode *n, const char *local)
{
  return n && n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, local) == 0;
}

static xmlNode *child(const xmlNode *n, const char *local)
{
  for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (named(c, local))
      return c;
  return NULL;
}

/* Text of the child LOCAL, trimmed and malloc'ed; NULL if absent. */
static char *child_text(const xmlNode *n, const char *local)
{
  xmlNode *c = child(n, local);
  if (!c)
    return NULL;
  xmlChar *t = xmlNodeGetContent(c);
  const char *s = (const char *)t;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  size_t len = strlen(s);
  while (len && strchr(" \t\r\n", s[len - 1]))
    len--;
  char *r = strndup(s, len);
  xmlFree(t);
  return r;
}

/* An attribute by local name, whatever its namespace. */
static char *attr(const xmlNode *n, const char *local)
{
  for (xmlAttr *a = n->properties; a; a = a->next)
    if (strcmp((const char *)a->name, local) == 0) {
      xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
      char *r = xstrdup(v ? (const char *)v : "");
      xmlFree(v);
      return r;
    }
  return NULL;
}

static bool declares(const xmlNode *n, const char *uri)
{
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    for (xmlNs *ns = n->nsDef; ns; ns = ns->next)
      if (ns->href && strcmp((const char *)ns->href, uri) == 0)
        return true;
    if (declares(n->children, uri))
      return true;
  }
  return false;
}

static uint64_t to_u64(const char *s)
{
  if (!s || !*s)
    return 0;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  return *end ? 0 : (uint64_t)v;
}

/* A whole number, or -1. */
static int small_number(const char *s)
{
  char *end = "";
  long v = s && *s ? strtol(s, &end, 10) : -1;
  return v >= 0 && v <= 9999 && !*end ? (int)v : -1;
}

uint64_t ovf_units(const char *units)
{
  if (!units || !*units)
    return 0;
  static const struct { const char *name; uint64_t bytes; } words[] = {
      {"byte", 1},        {"bytes", 1},          {"KiloBytes", 1ULL << 10},
      {"KB", 1ULL << 10}, {"MegaBytes", 1ULL << 20}, {"MB", 1ULL << 20},
      {"GigaBytes", 1ULL << 30}, {"GB", 1ULL << 30}, {"TeraBytes", 1ULL << 40},
      {"TB", 1ULL << 40},
  };
  uint64_t total = 1;
  char *copy = xstrdup(units), *save = NULL;
  for (char *t = strtok_r(copy, "*", &save); t; t = strtok_r(NULL, "*", &save)) {
    while (*t == ' ')
      t++;
    size_t len = strlen(t);
    while (len && t[len - 1] == ' ')
      t[--len] = '\0';
    uint64_t f = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
      if (strcasecmp(t, words[i].name) == 0)
        f = words[i].bytes;
    unsigned base, exp;
    char extra;
    if (!f && sscanf(t, "%u^%u%c", &base, &exp, &extra) == 2 && exp < 64) {
      f = 1;
      while (exp--)
        f *= base;
    } else if (!f) {
      f = to_u64(t);
    }
    if (!f) {
      total = 0;
      break;
    }
    total *= f;
  }
  free(copy);
  return total;
}

/* The children of a section named ELEMENT, sorted by their ID attribute,
 * so that matching N disks to their files and items takes N log N: a
 * descriptor of thousands of disks must not take minutes to refuse. */
struct node_index {
  struct indexed {
    char *id;
    xmlNode *node;
    bool used;
  } *v;
  size_t n;
};

static int compare_indexed(const void *a, const void *b)
{
  return strcmp(((const struct indexed *)a)->id,
                ((const struct indexed *)b)->id);
}

static void index_build(struct node_index *x, xmlNode *section,
                        const char *element, const char *id_attr)
{
  memset(x, 0, sizeof *x);
  for (xmlNode *c = section ? section->children : NULL; c; c = c->next) {
    char *id = named(c, element) ? attr(c, id_attr) : NULL;
    if (!id)
      continue;
    x->v = xrealloc(x->v, (x->n + 1) * sizeof *x->v);
    x->v[x->n++] = (struct indexed){id, c, false};
  }
  if (x->n > 1)
    qsort(x->v, x->n, sizeof *x->v, compare_indexed);
}

static struct indexed *index_find(struct node_index *x, const char *id)
{
  struct indexed key = {.id = (char *)id};
  return id && x->n ? bsearch(&key, x->v, x->n, sizeof *x->v, compare_indexed)
                   : NULL;
}

static void index_free(struct node_index *x)
{
  for (size_t i = 0; i < x->n; i++)
    free(x->v[i].id);
  free(x->v);
}

/* An href is a URI reference: "My%20Disk.vmdk" names "My Disk.vmdk". */
static char *url_decode(char *s)
{
  char *w = s;
  for (const char *r = s; *r; r++) {
    unsigned v;
    if (r[0] == '%' && isxdigit((unsigned char)r[1]) &&
        isxdigit((unsigned char)r[2]) && sscanf(r + 1, "%2x", &v) == 1 && v) {
      *w++ = (char)v;
      r += 2;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
  return s;
}

/* A disk controller Item: its InstanceID, what it is in ovf.h's words,
 * and its number (rasd:Address). */
struct controller {
  char *id;
  const char *kind;
  int bus;
};

/* The controller a disk hangs on (rasd:Parent), and its unit there. */
struct placement {
  const struct controller *controller;
  int unit;
};

static void add_disk(struct ovf *o, xmlNode *d, struct node_index *files,
                     struct placement at)
{
  struct ovf_disk *k;
  o->disks = xrealloc(o->disks, (o->ndisks + 1) * sizeof *o->disks);
  k = &o->disks[o->ndisks++];
  memset(k, 0, sizeof *k);
  k->controller = at.controller ? xstrdup(at.controller->kind) : NULL;
  k->bus = at.controller ? at.controller->bus : -1;
  k->unit = at.controller ? at.unit : -1;
  k->id = attr(d, "diskId");
  k->format = attr(d, "format");
  char *cap = attr(d, "capacity"), *units = attr(d, "capacityAllocationUnits");
  k->capacity = to_u64(cap) * (units ? ovf_units(units) : 1);
  free(cap);
  free(units);
  char *ref = attr(d, "fileRef");
  struct indexed *f = index_find(files, ref);
  if (f) {
    k->href = attr(f->node, "href");
    if (k->href)
      url_decode(k->href);
    char *size = attr(f->node, "size"), *comp = attr(f->node, "compression");
    char *chunk = attr(f->node, "chunkSize");
    k->chunk_size = to_u64(chunk);
    free(chunk);
    k->file_size = to_u64(size);
    k->gzip = comp && strcmp(comp, "gzip") == 0;
    free(size);
    free(comp);
  }
  free(ref);
}

/* The disk an Item's HostResource names: "ovf:/disk/ID" or "/disk/ID". */
static const char *host_disk(const char *res)
{
  const char *p = res ? strstr(res, "/disk/") : NULL;
  return p ? p + strlen("/disk/") : NULL;
}

static void add_nic(struct ovf *o, xmlNode *item)
{
  o->nics = xrealloc(o->nics, (o->nnics + 1) * sizeof *o->nics);
  struct ovf_nic *n = &o->nics[o->nnics++];
  n->network = child_text(item, "Connection");
  /* XenCenter connects a NIC to its network's UUID and names the network
   * in ElementName: the name is what a user maps. */
  size_t dashes = 0;
  for (const char *c = n->network; c && *c; c++)
    dashes += *c == '-';
  char *label = child_text(item, "ElementName");
  if (n->network && strlen(n->network) == 36 && dashes == 4 && label &&
      *label) {
    free(n->network);
    n->network = label;
    label = NULL;
  }
  free(label);
  n->model = child_text(item, "ResourceSubType");
  n->mac = child_text(item, "Address");
}

/* VMware <vmw:Config vmw:key="firmware" vmw:value="efi"/>, VirtualBox
 * <Firmware type="EFI"/>, XenServer HVM_boot_params "firmware=uefi". */
static void find_firmware(struct ovf *o, xmlNode *n)
{
  for (; n && o->firmware == FW_UNKNOWN; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    char *key = NULL, *val = NULL;
    if (named(n, "Config")) {
      key = attr(n, "key");
      val = attr(n, "value");
      if (key && strcmp(key, "firmware") == 0 && val)
        o->firmware = strcasecmp(val, "efi") == 0 ? FW_UEFI : FW_BIOS;
    } else if (named(n, "Firmware")) {
      val = attr(n, "type");
      if (val)
        o->firmware = strncasecmp(val, "EFI", 3) == 0 ? FW_UEFI : FW_BIOS;
    } else if (named(n, "VirtualSystemOtherConfigurationData")) {
      key = attr(n, "Name");
      xmlChar *t = xmlNodeGetContent(n);
      if (key && strcmp(key, "HVM_boot_params") == 0 && t) {
        if (strstr((const char *)t, "firmware=uefi"))
          o->firmware = FW_UEFI;
        else if (strstr((const char *)t, "firmware=bios"))
          o->firmware = FW_BIOS;
      }
      xmlFree(t);
    }
    free(key);
    free(val);
    find_firmware(o, n->children);
  }
}

/* VMware's own: the guest OS id (vmw:osType on OperatingSystemSection)
 * and, in ExtraConfig, the nvram file and (from Workstation) the cores
 * per socket; the other ExtraConfig settings are .vmx lines for VMware
 * alone. */
static void vmware_settings(struct ovf *o, xmlNode *vs)
{
  xmlNode *os = child(vs, "OperatingSystemSection");
  o->os_id = os ? attr(os, "osType") : NULL;
  xmlNode *hw = child(vs, "VirtualHardwareSection");
  size_t other = 0;
  for (xmlNode *n = hw ? hw->children : NULL; n; n = n->next) {
    if (!named(n, "ExtraConfig"))
      continue;
    char *key = attr(n, "key"), *value = attr(n, "value");
    if (key && !strcasecmp(key, "nvram") && value && *value && !o->nvram) {
      o->nvram = value;
      value = NULL;
    } else if (key && !strcasecmp(key, "cpuid.coresPerSocket") &&
               !o->cores_per_socket && small_number(value) > 0) {
      o->cores_per_socket = small_number(value);
    } else {
      other++;
    }
    free(key);
    free(value);
  }
  if (other)
    strlist_addf(&o->ignored, "%zu vmw:ExtraConfig settings (VMware's own)",
                 other);
}

/* A disk as a hardware Item attaches it. */
struct attachment {
  xmlNode *disk;
  size_t order;   /* position among the Items */
  long device;    /* "device=N" of rasd:Connection (XenServer), or -1 */
  bool bootable;  /* xenovf:isBootable on the Disk, or bootable=true */
  struct placement at;
};

/* "<diskId>,device=1,bootable=true": the value of KEY, or NULL. */
static char *connection_value(const char *conn, const char *key)
{
  size_t n = strlen(key);
  for (const char *p = conn; p && *p; p = strchr(p, ',')) {
    p += *p == ',';
    p += strspn(p, " ");
    if (strncasecmp(p, key, n) == 0 && p[n] == '=')
      return strndup(p + n + 1, strcspn(p + n + 1, ","));
  }
  return NULL;
}

/* What a controller Item is, in ovf.h's words (NULL: no disk controller):
 * VMware's SCSI subtypes lsilogic, lsilogicsas, VirtualSCSI (PVSCSI) and
 * buslogic; SATA as vmware.sata.ahci (VirtualBox: AHCI); NVMe as
 * vmware.nvme.controller (VirtualBox: NVMe). */
static const char *controller_kind(int rt, const char *sub)
{
  static const char *const scsi[][2] = {{"lsilogic", "lsilogic"},
                                        {"lsilogicsas", "lsisas1068"},
                                        {"VirtualSCSI", "pvscsi"},
                                        {"buslogic", "buslogic"}};
  if (rt == RT_IDE)
    return "ide";
  for (size_t i = 0; rt == RT_SCSI && sub && i < 4; i++)
    if (!strcasecmp(sub, scsi[i][0]))
      return scsi[i][1];
  if (rt == RT_SCSI)
    return "scsi";
  if (rt == RT_OTHER_STORAGE && sub && (strcasestr(sub, "ahci") ||
                                        strcasestr(sub, "sata")))
    return "sata";
  if (rt == RT_OTHER_STORAGE && sub && strcasestr(sub, "nvme"))
    return "nvme";
  return NULL;
}

static int item_type(const xmlNode *it)
{
  char *type = child_text(it, "ResourceType");
  int rt = type ? atoi(type) : -1;
  free(type);
  return rt;
}

/* The disk controllers among HW's Items (they may come after the disks
 * that name them). */
static struct controller *find_controllers(xmlNode *hw, size_t *n)
{
  struct controller *v = NULL;
  *n = 0;
  for (xmlNode *it = hw ? hw->children : NULL; it; it = it->next) {
    if (!named(it, "Item") && !named(it, "StorageItem"))
      continue;
    char *sub = child_text(it, "ResourceSubType");
    const char *kind = controller_kind(item_type(it), sub);
    free(sub);
    char *id = kind ? child_text(it, "InstanceID") : NULL;
    if (!id)
      continue;
    char *addr = child_text(it, "Address");
    v = xrealloc(v, (*n + 1) * sizeof *v);
    v[(*n)++] = (struct controller){id, kind, small_number(addr)};
    free(addr);
  }
  return v;
}

static struct placement placed(const xmlNode *item,
                               const struct controller *c, size_t nc)
{
  struct placement at = {NULL, -1};
  char *parent = child_text(item, "Parent");
  for (size_t i = 0; parent && i < nc && !at.controller; i++)
    if (!strcmp(c[i].id, parent))
      at.controller = &c[i];
  char *unit = child_text(item, "AddressOnParent");
  at.unit = small_number(unit);
  free(parent);
  free(unit);
  return at;
}

static void add_attachment(struct attachment **v, size_t *n, xmlNode *disk,
                           xmlNode *item, struct placement at)
{
  char *conn = child_text(item, "Connection");
  char *dev = conn ? connection_value(conn, "device") : NULL;
  char *boot = conn ? connection_value(conn, "bootable") : NULL;
  char *flag = attr(disk, "isBootable");
  char *end = NULL;
  long device = dev ? strtol(dev, &end, 10) : -1;
  if (!dev || end == dev || *end || device < 0)
    device = -1;
  *v = xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[*n] = (struct attachment){
      disk, *n, device,
      (boot && strcasecmp(boot, "true") == 0) ||
          (flag && strcasecmp(flag, "true") == 0),
      at};
  (*n)++;
  free(conn), free(dev), free(boot), free(flag);
}

static int compare_attachments(const void *pa, const void *pb)
{
  const struct attachment *a = pa, *b = pb;
  if (a->bootable != b->bootable)
    return a->bootable ? -1 : 1;
  if (a->device >= 0 && b->device >= 0 && a->device != b->device)
    return a->device < b->device ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static int read_hardware(struct ovf *o, xmlNode *hw, xmlNode *disk_section,
                         xmlNode *refs, bool attached_only, char **why)
{
  struct node_index disks, files;
  index_build(&disks, disk_section, "Disk", "diskId");
  if (disks.n > OVF_MAX_DISKS) {
    *why = xasprintf("describes %zu disks; at most %d are supported",
                     disks.n, OVF_MAX_DISKS);
    index_free(&disks);
    return -1;
  }
  index_build(&files, refs, "File", "id");
  size_t ncontrollers;
  struct controller *controllers = find_controllers(hw, &ncontrollers);
  struct attachment *att = NULL;
  size_t natt = 0;
  for (xmlNode *it = hw ? hw->children : NULL; it; it = it->next) {
    /* OVF 2.0 writes NICs and disks as EthernetPortItem and StorageItem. */
    if (!named(it, "Item") && !named(it, "EthernetPortItem") &&
        !named(it, "StorageItem"))
      continue;
    int rt = item_type(it);
    char *qty = child_text(it, "VirtualQuantity");
    if (rt == RT_PROCESSOR && qty) {
      o->vcpus = atoi(qty);
      char *cores = child_text(it, "CoresPerSocket"); /* vmw: */
      if (small_number(cores) > 0)
        o->cores_per_socket = small_number(cores);
      free(cores);
    } else if (rt == RT_CD || rt == RT_DVD || rt == RT_FLOPPY) {
      char *label = child_text(it, "ElementName");
      strlist_addf(&o->ignored, "%s (%s)", label ? label : "removable drive",
                   rt == RT_FLOPPY ? "floppy" : "CD/DVD");
      free(label);
    } else if (rt == RT_MEMORY && qty) {
      char *units = child_text(it, "AllocationUnits");
      uint64_t unit = units ? ovf_units(units) : 1ULL << 20;
      o->memory_mib = to_u64(qty) * unit / (1ULL << 20);
      free(units);
    } else if (rt == RT_ETHERNET) {
      add_nic(o, it);
    } else if (rt == RT_DISK || rt == RT_STORAGE_EXTENT) {
      char *res = child_text(it, "HostResource");
      struct indexed *d = index_find(&disks, host_disk(res));
      if (d && !d->used) {
        d->used = true;
        add_attachment(&att, &natt, d->node, it,
                       placed(it, controllers, ncontrollers));
      }
      free(res);
    }
    free(qty);
  }
  /* The boot disk first, then by device number where the exporter says
   * (XenServer: "device=N"), else in the order the Items come. */
  if (natt > 1)
    qsort(att, natt, sizeof *att, compare_attachments);
  for (size_t i = 0; i < natt; i++)
    add_disk(o, att[i].disk, &files, att[i].at);
  free(att);
  /* Disks no Item attaches still belong to the machine: after the rest,
   * in the order the DiskSection lists them. (Not in a collection, where
   * they may be another machine's.) */
  for (xmlNode *n = attached_only || !disk_section ? NULL
                                                   : disk_section->children;
       n; n = n->next) {
    char *did = named(n, "Disk") ? attr(n, "diskId") : NULL;
    struct indexed *d = index_find(&disks, did);
    free(did);
    if (d && !d->used) {
      d->used = true;
      add_disk(o, d->node, &files, (struct placement){NULL, -1});
    }
  }
  index_free(&disks);
  index_free(&files);
  for (size_t i = 0; i < ncontrollers; i++)
    free(controllers[i].id);
  free(controllers);
  if (o->cores_per_socket && o->vcpus % o->cores_per_socket) {
    strlist_addf(&o->warnings, "%d cores per socket do not divide %d vCPUs: "
                 "the topology is not kept", o->cores_per_socket, o->vcpus);
    o->cores_per_socket = 0;
  }
  for (size_t i = 0; i < o->ndisks; i++)
    if (!o->disks[i].href) {
      *why = xasprintf("disk '%s' names no file in References",
                       o->disks[i].id ? o->disks[i].id : "?");
      return -1;
    }
  return 0;
}

/* The first descendant named LOCAL, depth first. */
static xmlNode *find(xmlNode *n, const char *local)
{
  for (; n; n = n->next) {
    if (named(n, local))
      return n;
    xmlNode *r = find(n->children, local);
    if (r)
      return r;
  }
  return NULL;
}

/* XenCenter declares encoding="utf-16" and writes UTF-8 bytes, which
 * libxml2 rightly rejects. Bytes in an ASCII-compatible encoding (no BOM,
 * no NUL after the first '<') cannot be UTF-16 whatever the declaration
 * says: they are read as UTF-8, and the label is reported. NULL: let the
 * declaration or the BOM decide. */
static const char *real_encoding(const char *buf, size_t len, char *declared,
                                 size_t declared_size)
{
  const unsigned char *b = (const unsigned char *)buf;
  if (len < 6 || b[1] == 0 || b[0] == 0 || (b[0] == 0xFF && b[1] == 0xFE) ||
      (b[0] == 0xFE && b[1] == 0xFF))
    return NULL;
  size_t head = len < 256 ? len : 256;
  char *decl = strndup(buf, head);
  char *end = strstr(decl, "?>");
  char *enc = strstr(decl, "encoding");
  const char *r = NULL;
  if (strncmp(decl, "<?xml", 5) == 0 && end && enc && enc < end) {
    char *q = enc + 8 + strspn(enc + 8, " \t=");
    char quote = *q;
    char *close = (quote == '"' || quote == '\'') ? strchr(q + 1, quote) : NULL;
    if (close && close < end) {
      snprintf(declared, declared_size, "%.*s", (int)(close - q - 1), q + 1);
      if (strncasecmp(declared, "utf-16", 6) == 0 ||
          strcasecmp(declared, "ucs-2") == 0 ||
          strcasecmp(declared, "unicode") == 0)
        r = "UTF-8";
    }
  }
  free(decl);
  return r;
}

static void find_all(xmlNode *n, const char *local, xmlNode ***v, size_t *k)
{
  for (; n; n = n->next) {
    if (named(n, local)) {
      *v = xrealloc(*v, (*k + 1) * sizeof **v);
      (*v)[(*k)++] = n;
    }
    find_all(n->children, local, v, k);
  }
}

static char *system_name(xmlNode *vs)
{
  char *name = child_text(vs, "Name");
  if (!name || !*name) {
    free(name);
    name = attr(vs, "id");
  }
  return name;
}

/* The VirtualSystem to read: the only one, or in a collection the one VM
 * names (by Name or id). NULL with *WHY when there is none to take. */
static xmlNode *pick_system(xmlNode *root, const char *vm, char **why)
{
  xmlNode **all = NULL;
  size_t n = 0;
  find_all(root->children, "VirtualSystem", &all, &n);
  xmlNode *pick = n == 1 ? all[0] : NULL;
  strlist names = {0};
  for (size_t i = 0; i < n; i++) {
    char *name = system_name(all[i]);
    char *id = attr(all[i], "id");
    if (n > 1 && vm && ((name && strcmp(name, vm) == 0) ||
                        (id && strcmp(id, vm) == 0)))
      pick = all[i];
    strlist_add(&names, name ? name : "?");
    free(name);
    free(id);
  }
  if (!n)
    *why = xstrdup("describes no VirtualSystem");
  else if (!pick) {
    char *list = strv_join(names.v, ", ", "");
    *why = vm ? xasprintf("describes no virtual machine named '%s' (it has: "
                          "%s)", vm, list)
              : xasprintf("describes %zu virtual machines (%s): choose one "
                          "with --vm NAME", n, list);
    free(list);
  }
  strlist_free(&names);
  free(all);
  return pick;
}

enum result ovf_parse(const char *buf, size_t len, const char *vm,
                      struct ovf *out, char **why)
{
  memset(out, 0, sizeof *out);
  *why = NULL;
  /* No DTD loading, no entity substitution, no network: a descriptor
   * cannot make us read anything but itself. */
  char declared[32] = "";
  const char *encoding = real_encoding(buf, len, declared, sizeof declared);
  xmlDoc *doc = xmlReadMemory(buf, (int)len, "descriptor.ovf", encoding,
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
  if (!doc) {
    const xmlError *e = xmlGetLastError();
    *why = xasprintf("not well-formed XML (line %d)", e ? e->line : 0);
    return RESULT_ERROR;
  }
  int r = -1;
  xmlNode *root = xmlDocGetRootElement(doc);
  if (doc->intSubset || doc->extSubset) {
    *why = xstrdup("has a DOCTYPE: DTDs and entities are refused in an OVF");
  } else if (!named(root, "Envelope")) {
    *why = xstrdup("is not an OVF descriptor (no Envelope element)");
  } else {
    out->flavour = declares(root, NS_CITRIX)   ? "xenserver"
                   : declares(root, NS_VBOX)   ? "virtualbox"
                   : declares(root, NS_VMWARE) ? "vmware"
                                               : "ovf";
    xmlNode *vs = pick_system(root, vm, why);
    if (vs) {
      out->name = system_name(vs);
      xmlNode *hw = child(vs, "VirtualHardwareSection");
      bool collection = find(root->children, "VirtualSystemCollection");
      vmware_settings(out, vs);
      r = read_hardware(out, hw, find(root->children, "DiskSection"),
                        find(root->children, "References"), collection, why);
      find_firmware(out, vs->children);
    }
  }
  xmlFreeDoc(doc);
  if (r == -1)
    ovf_free(out);
  else if (encoding)
    out->mislabeled_encoding = xstrdup(declared);
  return r;
}

void ovf_free(struct ovf *o)
{
  for (size_t i = 0; i < o->ndisks; i++) {
    free(o->disks[i].id);
    free(o->disks[i].href);
    free(o->disks[i].format);
    free(o->disks[i].controller);
  }
  for (size_t i = 0; i < o->nnics; i++) {
    free(o->nics[i].network);
    free(o->nics[i].model);
    free(o->nics[i].mac);
  }
  free(o->disks);
  free(o->nics);
  free(o->name);
  free(o->mislabeled_encoding);
  free(o->os_id);
  free(o->nvram);
  strlist_free(&o->ignored);
  strlist_free(&o->warnings);
  memset(o, 0, sizeof *o);
}
