/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The .vmx format as VMware products write it (doc/vmx.md). */
#include "v2v/vmx.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "v2v/alloc.h"

/* More than a KVM guest takes in practice (ovf.c's limit too). */
#define VMX_MAX_DISKS 64
#define VMX_MAX_NICS 64

struct entry {
  char *key;   /* lower case */
  char *value; /* UTF-8, unescaped */
  int line;
};

struct table {
  struct entry *v;
  size_t n;
};

static int compare_entries(const void *a, const void *b)
{
  const struct entry *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

static const char *get(const struct table *t, const char *key)
{
  struct entry k = {.key = (char *)key};
  size_t lo = 0, hi = t->n;
  while (lo < hi) { /* the first entry with that key */
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(t->v[mid].key, k.key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t->n && strcmp(t->v[lo].key, key) == 0 ? t->v[lo].value : NULL;
}

static const char *getf(const struct table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *getf(const struct table *t, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *key = xvasprintf(fmt, ap);
  va_end(ap);
  const char *v = get(t, key);
  free(key);
  return v;
}

static bool is_true(const char *v)
{
  return v && (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
               !strcmp(v, "1"));
}

static bool is_false(const char *v)
{
  return v && (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
               !strcmp(v, "0"));
}

/* A key is printable ASCII without blanks, '=', '"' or '#'. */
static bool key_char(unsigned char c)
{
  return c > ' ' && c < 0x7f && c != '=' && c != '"' && c != '#';
}

static int hexval(char c)
{
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* VMware writes a '"', a '|', a control or (in some versions) a
 * non-ASCII byte inside a value as '|' and two hex digits. A '|' not so
 * followed is kept as it is. NULL (*WHY set) for |00, which would cut the
 * value short. */
static char *unescape(const char *s, size_t n, const char **why)
{
  char *out = xcalloc(1, n + 1), *w = out;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '|' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
        hexval(s[i + 2]) >= 0) {
      int v = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
      if (!v) {
        *why = "a value holds |00 (a NUL byte)";
        free(out);
        return NULL;
      }
      *w++ = (char)v;
      i += 2;
    } else {
      *w++ = s[i];
    }
  }
  return out;
}

static bool valid_utf8(const unsigned char *s)
{
  while (*s) {
    int extra = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1
                : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0 || (extra == 1 && *s < 0xC2))
      return false;
    s++;
    for (int i = 0; i < extra; i++, s++)
      if ((*s & 0xC0) != 0x80)
        return false;
  }
  return true;
}

static bool is_utf8_name(const char *enc)
{
  return !strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF8");
}

/* VALUE in ENCODING as UTF-8 (malloc'ed), or NULL if its bytes are not
 * valid there. */
static char *to_utf8(iconv_t cd, const char *value)
{
  size_t in_left = strlen(value), cap = in_left * 4 + 1, out_left = cap - 1;
  char *out = xcalloc(1, cap), *w = out, *in = (char *)value;
  iconv(cd, NULL, NULL, NULL, NULL);
  if (iconv(cd, &in, &in_left, &w, &out_left) == (size_t)-1 ||
      iconv(cd, NULL, NULL, &w, &out_left) == (size_t)-1) {
    free(out);
    return NULL;
  }
  return out;
}

static void table_free(struct table *t)
{
  for (size_t i = 0; i < t->n; i++) {
    free(t->v[i].key);
    free(t->v[i].value);
  }
  free(t->v);
  memset(t, 0, sizeof *t);
}

/* One `key = "value"` line (T has no newline) into the table; NULL or
 * why it cannot be read (static). A value may also be bare (no quotes,
 * no blanks), as people write them by hand. */
static const char *parse_line(const char *t, int line, struct table *tab)
{
  const char *k = t;
  while (key_char((unsigned char)*t))
    t++;
  size_t klen = (size_t)(t - k);
  t += strspn(t, " \t");
  if (!klen || *t != '=')
    return "not a key = \"value\" line";
  t++;
  t += strspn(t, " \t");
  const char *v = t;
  size_t vlen;
  if (*t == '"') {
    const char *q = strchr(t + 1, '"');
    if (!q)
      return "the value has no closing quote";
    v = t + 1;
    vlen = (size_t)(q - v);
    t = q + 1;
  } else {
    vlen = strcspn(t, " \t#");
    t += vlen;
  }
  t += strspn(t, " \t");
  if (*t && *t != '#')
    return "text after the value";
  const char *why = NULL;
  char *value = unescape(v, vlen, &why);
  if (!value)
    return why;
  char *key = strndup(k, klen);
  for (char *c = key; *c; c++)
    *c = (char)tolower((unsigned char)*c);
  tab->v = xrealloc(tab->v, (tab->n + 1) * sizeof *tab->v);
  tab->v[tab->n++] = (struct entry){key, value, line};
  return NULL;
}

/* Lines into a sorted table, values in UTF-8; a key given twice with
 * different values is refused (which one VMware takes is not said). */
static enum result parse_table(const char *buf, size_t len, struct table *tab,
                               char **why)
{
  int line = 0;
  for (size_t off = 0; off < len;) {
    line++;
    const char *nl = memchr(buf + off, '\n', len - off);
    size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;
    char *l = strndup(buf + off, n);
    off += n + 1;
    if (strlen(l) != n) {
      free(l);
      *why = xasprintf("line %d: holds a NUL byte: not a .vmx", line);
      return RESULT_ERROR;
    }
    l[strcspn(l, "\r")] = '\0';
    const char *t = l + strspn(l, " \t");
    if (line == 1 && strncmp(t, "\xEF\xBB\xBF", 3) == 0)
      t += 3; /* a byte-order mark some editors add */
    const char *bad = *t && *t != '#' ? parse_line(t, line, tab) : NULL;
    free(l);
    if (bad) {
      *why = xasprintf("line %d: %s", line, bad);
      return RESULT_ERROR;
    }
  }
  if (tab->n > 1)
    qsort(tab->v, tab->n, sizeof *tab->v, compare_entries);
  for (size_t i = 1; i < tab->n; i++)
    if (!strcmp(tab->v[i].key, tab->v[i - 1].key) &&
        strcmp(tab->v[i].value, tab->v[i - 1].value)) {
      *why = xasprintf("lines %d and %d both set %s, to different values",
                       tab->v[i - 1].line, tab->v[i].line, tab->v[i].key);
      return RESULT_ERROR;
    }
  /* A copy: the entry's own value is converted (and freed) below. */
  char *enc = get(tab, ".encoding") ? xstrdup(get(tab, ".encoding")) : NULL;
  if (enc && !is_utf8_name(enc)) {
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) {
      *why = xasprintf(".encoding \"%s\" is not an encoding this system "
                       "knows", enc);
      free(enc);
      return RESULT_ERROR;
    }
    for (size_t i = 0; i < tab->n && !*why; i++) {
      char *u = to_utf8(cd, tab->v[i].value);
      if (!u)
        *why = xasprintf("line %d: the value of %s is not valid %s",
                         tab->v[i].line, tab->v[i].key, enc);
      free(tab->v[i].value);
      tab->v[i].value = u ? u : xstrdup("");
    }
    iconv_close(cd);
    free(enc);
    return *why ? RESULT_ERROR : RESULT_OK;
  }
  free(enc);
  for (size_t i = 0; i < tab->n; i++)
    if (!valid_utf8((const unsigned char *)tab->v[i].value)) {
      *why = xasprintf("line %d: the value of %s is not UTF-8 (older "
                       "VMware products wrote the host's code page: give "
                       "the file its .encoding)", tab->v[i].line,
                       tab->v[i].key);
      return RESULT_ERROR;
    }
  return RESULT_OK;
}

/* A whole number in [MIN, MAX] or RESULT_ERROR with *WHY naming KEY. */
static enum result number(const struct table *t, const char *key, long min,
                          long max, long *out, char **why)
{
  const char *v = get(t, key);
  if (!v)
    return RESULT_OK;
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno || end == v || *end || n < min || n > max) {
    *why = xasprintf("%s = \"%s\" is not a number from %ld to %ld", key, v,
                     min, max);
    return RESULT_ERROR;
  }
  *out = n;
  return RESULT_OK;
}

/* --- devices ------------------------------------------------------------ */

static const char *const buses[] = {"scsi", "sata", "nvme", "ide", NULL};

/* A device number at S as VMware writes it (no sign, no leading zero),
 * at most MAX: its value, END past it; -1 if there is none. */
static long device_number(const char *s, const char **end, long max)
{
  if (!isdigit((unsigned char)*s) || (s[0] == '0' && isdigit((unsigned char)s[1])))
    return -1;
  long v = 0;
  for (*end = s; isdigit((unsigned char)**end) && v <= max; (*end)++)
    v = v * 10 + (**end - '0');
  return v <= max ? v : -1;
}

/* "scsi0:1.filename" -> bus 0 ("scsi"), controller 0, unit 1; the key
 * must start with the device's name. */
static bool device_key(const char *key, int *bus, int *ctl, int *unit)
{
  for (int b = 0; buses[b]; b++) {
    size_t n = strlen(buses[b]);
    const char *end;
    long c, u;
    if (strncmp(key, buses[b], n) ||
        (c = device_number(key + n, &end, 99)) < 0 || *end != ':' ||
        (u = device_number(end + 1, &end, 999)) < 0 || *end != '.')
      continue;
    *bus = b, *ctl = (int)c, *unit = (int)u;
    return true;
  }
  return false;
}

struct found_disk {
  int bus, ctl, unit;
  int rank; /* position in bios.hddOrder; 1000 when not there */
  char *file;
};

static int compare_disks(const void *pa, const void *pb)
{
  const struct found_disk *a = pa, *b = pb;
  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if (a->bus != b->bus)
    return a->bus < b->bus ? -1 : 1;
  if (a->ctl != b->ctl)
    return a->ctl < b->ctl ? -1 : 1;
  return (a->unit > b->unit) - (a->unit < b->unit);
}

/* The controller model of scsiN.virtualDev, in ovf.h's words. */
static const char *scsi_model(const char *dev)
{
  static const char *const known[] = {"lsilogic", "lsisas1068", "pvscsi",
                                      "buslogic", NULL};
  for (int i = 0; dev && known[i]; i++)
    if (!strcasecmp(dev, known[i]))
      return known[i];
  return "scsi";
}

/* Whether device NS ("scsi0:1", "ethernet0") is there: its own present
 * must be TRUE, and its controller's (for a disk) must not be FALSE. */
static bool present(const struct table *t, const char *ns, const char *ctl)
{
  return is_true(getf(t, "%s.present", ns)) &&
         !(ctl && is_false(getf(t, "%s.present", ctl)));
}

static bool ends_with_ci(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Where bios.hddOrder ("scsi0:0,ide0:0") puts device NS. */
static int hdd_rank(const char *order, const char *ns)
{
  int rank = 0;
  for (const char *p = order; p && *p; rank++) {
    size_t n = strcspn(p, ",");
    char *item = strndup(p, n);
    char *s = item + strspn(item, " ");
    s[strcspn(s, " ")] = '\0';
    bool match = !strcasecmp(s, ns);
    free(item);
    if (match)
      return rank;
    p += n + (p[n] == ',');
  }
  return 1000;
}

/* One device: a disk goes into FOUND, a CD-ROM or a hidden device into
 * the ignored list; RESULT_ERROR for a device that would be lost. */
static enum result one_device(const struct table *t, int bus, int ctl,
                              int unit, struct ovf *out,
                              struct found_disk **found, size_t *nfound,
                              char **why)
{
  char ns[32], cns[16];
  snprintf(ns, sizeof ns, "%s%d:%d", buses[bus], ctl, unit);
  snprintf(cns, sizeof cns, "%s%d", buses[bus], ctl);
  const char *file = getf(t, "%s.filename", ns);
  const char *type = getf(t, "%s.devicetype", ns);
  if (!present(t, ns, cns)) {
    if (file && *file)
      strlist_addf(&out->ignored, "%s (%s): not present", ns, file);
    return RESULT_OK;
  }
  if (type && (!strcasecmp(type, "cdrom-image") ||
               !strcasecmp(type, "cdrom-raw") ||
               !strcasecmp(type, "atapi-cdrom"))) {
    strlist_addf(&out->ignored, "%s: CD-ROM (%s%s%s)", ns, type,
                 file && *file ? ", " : "", file ? file : "");
    return RESULT_OK;
  }
  if (!type && file && ends_with_ci(file, ".iso")) {
    strlist_addf(&out->ignored, "%s: CD-ROM image %s", ns, file);
    return RESULT_OK;
  }
  if (type && !strcasecmp(type, "scsi-passthru")) {
    strlist_addf(&out->ignored, "%s: host SCSI device %s passed through", ns,
                 file ? file : "");
    return RESULT_OK;
  }
  if (type && !strcasecmp(type, "rawDisk")) {
    *why = xasprintf("%s is a physical disk of the VMware host (deviceType "
                     "rawDisk): its data is not in the VM's folder", ns);
    return RESULT_ERROR;
  }
  if (type && strcasecmp(type, "disk") && strcasecmp(type, "plainDisk") &&
      strcasecmp(type, "scsi-hardDisk") && strcasecmp(type, "ata-hardDisk")) {
    *why = xasprintf("%s has deviceType \"%s\", which is no disk this "
                     "version knows", ns, type);
    return RESULT_ERROR;
  }
  if (!file || !*file) {
    *why = xasprintf("%s is a disk without a fileName", ns);
    return RESULT_ERROR;
  }
  if (*nfound == VMX_MAX_DISKS) {
    *why = xasprintf("more than %d disks; at most %d are supported",
                     VMX_MAX_DISKS, VMX_MAX_DISKS);
    return RESULT_ERROR;
  }
  *found = xrealloc(*found, (*nfound + 1) * sizeof **found);
  (*found)[(*nfound)++] = (struct found_disk){
      bus, ctl, unit, hdd_rank(get(t, "bios.hddorder"), ns), xstrdup(file)};
  return RESULT_OK;
}

static enum result find_disks(const struct table *t, struct ovf *out,
                              char **why)
{
  struct found_disk *found = NULL;
  size_t nfound = 0;
  enum result r = RESULT_OK;
  /* Each device once: its keys are adjacent in the sorted table. */
  int last[3] = {-1, -1, -1};
  for (size_t i = 0; i < t->n && r == RESULT_OK; i++) {
    int bus, ctl, unit;
    if (!device_key(t->v[i].key, &bus, &ctl, &unit) ||
        (bus == last[0] && ctl == last[1] && unit == last[2]))
      continue;
    last[0] = bus, last[1] = ctl, last[2] = unit;
    r = one_device(t, bus, ctl, unit, out, &found, &nfound, why);
  }
  if (r == RESULT_OK && nfound > 1)
    qsort(found, nfound, sizeof *found, compare_disks);
  for (size_t i = 0; i < nfound; i++) {
    if (r == RESULT_OK) {
      out->disks = xrealloc(out->disks, (out->ndisks + 1) * sizeof *out->disks);
      struct ovf_disk *d = &out->disks[out->ndisks++];
      *d = (struct ovf_disk){.bus = found[i].ctl, .unit = found[i].unit};
      d->id = xasprintf("%s%d:%d", buses[found[i].bus], found[i].ctl,
                        found[i].unit);
      d->href = found[i].file;
      found[i].file = NULL;
      d->format = xstrdup("vmdk");
      d->controller = xstrdup(
          found[i].bus == 0 ? scsi_model(getf(t, "scsi%d.virtualdev",
                                              found[i].ctl))
                            : buses[found[i].bus]);
    }
    free(found[i].file);
  }
  free(found);
  return r;
}

static bool zero_mac(const char *m)
{
  return strspn(m, "0:") == strlen(m);
}

static enum result find_nics(const struct table *t, struct ovf *out,
                             char **why)
{
  /* ethernetN, N in key order (ethernet10 sorts before ethernet2):
   * collected, then sorted by N. */
  long seen[VMX_MAX_NICS + 1];
  size_t n = 0;
  for (size_t i = 0; i < t->n; i++) {
    const char *k = t->v[i].key, *end;
    long port = strncmp(k, "ethernet", 8) ? -1
                                          : device_number(k + 8, &end, 99);
    if (port < 0 || *end != '.' || (n && seen[n - 1] == port))
      continue;
    if (n == VMX_MAX_NICS) {
      *why = xasprintf("more than %d ethernetN devices", VMX_MAX_NICS);
      return RESULT_ERROR;
    }
    seen[n++] = port;
  }
  for (size_t i = 1; i < n; i++) /* insertion sort: a handful */
    for (size_t j = i; j > 0 && seen[j - 1] > seen[j]; j--) {
      long x = seen[j];
      seen[j] = seen[j - 1], seen[j - 1] = x;
    }
  for (size_t i = 0; i < n; i++) {
    char ns[24];
    snprintf(ns, sizeof ns, "ethernet%ld", seen[i]);
    if (!present(t, ns, NULL)) {
      strlist_addf(&out->ignored, "%s: not present", ns);
      continue;
    }
    const char *type = getf(t, "%s.addresstype", ns);
    const char *stat = getf(t, "%s.address", ns);
    const char *gen = getf(t, "%s.generatedaddress", ns);
    /* "static": address; "generated" and "vpx" (vCenter's):
     * generatedAddress. Either is taken if the other is missing. */
    const char *mac = type && !strcasecmp(type, "static") ? (stat ? stat : gen)
                                                          : (gen ? gen : stat);
    const char *net = getf(t, "%s.networkname", ns);
    if (!net)
      net = getf(t, "%s.vnet", ns);
    if (!net)
      net = getf(t, "%s.connectiontype", ns);
    const char *dev = getf(t, "%s.virtualdev", ns);
    out->nics = xrealloc(out->nics, (out->nnics + 1) * sizeof *out->nics);
    struct ovf_nic *nic = &out->nics[out->nnics++];
    nic->network = net && *net ? xstrdup(net) : NULL;
    nic->model = dev && *dev ? xstrdup(dev) : NULL;
    nic->mac = mac && *mac && !zero_mac(mac) ? xstrdup(mac) : NULL;
    for (char *c = nic->mac; c && *c; c++)
      *c = (char)tolower((unsigned char)*c);
  }
  return RESULT_OK;
}

/* --- the machine -------------------------------------------------------- */

const char *vmware_guest_family(const char *id)
{
  if (!id || !*id)
    return NULL;
  if (!strncasecmp(id, "win", 3))
    return "windows";
  static const char *const linux_ids[] = {
      "rhel",   "centos",  "ubuntu",   "debian", "sles",     "suse",
      "opensuse", "fedora", "oracle",  "redhat", "mandrake", "mandriva",
      "asianux", "turbolinux", "nld",  "photon", "coreos",   "amazonlinux",
      "almalinux", "rockylinux", "miraclelinux", "pardus",  "vmwarephoton",
      NULL};
  for (int i = 0; linux_ids[i]; i++)
    if (!strncasecmp(id, linux_ids[i], strlen(linux_ids[i])))
      return "linux";
  return strcasestr(id, "linux") ? "linux" : "other";
}

bool vmware_guest_disagrees(const char *os_id, const char *os_type)
{
  const char *family = vmware_guest_family(os_id);
  return family && strcmp(family, "other") && os_type &&
         (!strcmp(os_type, "windows") || !strcmp(os_type, "linux")) &&
         strcmp(family, os_type);
}

static enum result machine(const struct table *t, struct ovf *out, char **why)
{
  long vcpus = 1, cores = 0, mem = 0;
  if (number(t, "numvcpus", 1, 1024, &vcpus, why) == RESULT_ERROR ||
      number(t, "cpuid.corespersocket", 1, 1024, &cores, why) ==
          RESULT_ERROR ||
      number(t, "memsize", 1, 16L << 20, &mem, why) == RESULT_ERROR)
    return RESULT_ERROR;
  out->vcpus = (int)vcpus;
  out->memory_mib = (uint64_t)mem;
  if (cores && vcpus % cores == 0)
    out->cores_per_socket = (int)cores;
  else if (cores)
    strlist_addf(&out->warnings, "cpuid.coresPerSocket = %ld does not divide "
                 "numvcpus = %ld: the topology is not kept", cores, vcpus);
  const char *fw = get(t, "firmware");
  out->firmware = fw && !strcasecmp(fw, "efi") ? FW_UEFI : FW_BIOS;
  if (fw && strcasecmp(fw, "efi") && strcasecmp(fw, "bios"))
    strlist_addf(&out->warnings, "firmware = \"%s\" is neither efi nor bios: "
                 "read as BIOS", fw);
  const char *name = get(t, "displayname");
  out->name = name && *name ? xstrdup(name) : NULL;
  const char *os = get(t, "guestos");
  out->os_id = os && *os ? xstrdup(os) : NULL;
  const char *nvram = get(t, "nvram");
  out->nvram = nvram && *nvram ? xstrdup(nvram) : NULL;
  if (is_false(get(t, "cleanshutdown")))
    strlist_add(&out->warnings, "the .vmx says cleanShutdown = FALSE: the VM "
                "was running, or had crashed, when its files were copied; its "
                "disks may not be consistent");
  return RESULT_OK;
}

enum result vmx_parse(const char *buf, size_t len, struct ovf *out,
                      char **why)
{
  memset(out, 0, sizeof *out);
  *why = NULL;
  out->flavour = "vmware";
  if (len > VMX_MAX_BYTES) {
    *why = xasprintf("is %zu bytes: too large for a .vmx", len);
    return RESULT_ERROR;
  }
  struct table t = {0};
  enum result r = parse_table(buf, len, &t, why);
  const char *state = r == RESULT_OK ? get(&t, "checkpoint.vmstate") : NULL;
  if (state && *state) {
    *why = xasprintf("the VM is suspended (checkpoint.vmState = \"%s\"): "
                     "its disks are not consistent without the memory it "
                     "saved; resume and shut it down first", state);
    r = RESULT_REFUSED;
  }
  if (r == RESULT_OK)
    r = machine(&t, out, why);
  if (r == RESULT_OK)
    r = find_disks(&t, out, why);
  if (r == RESULT_OK)
    r = find_nics(&t, out, why);
  if (r == RESULT_OK && !out->ndisks) {
    *why = xstrdup("names no disk");
    r = RESULT_ERROR;
  }
  table_free(&t);
  if (r != RESULT_OK)
    ovf_free(out);
  return r;
}
