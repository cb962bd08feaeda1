/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A VMware VM folder on the host: disks resolved to files of the folder
 * only, snapshot chains followed and checked, and everything that would
 * reach out of the folder refused (the integration test vmx.sh proves the
 * same with strace on the real binary). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "v2v/disk_spec.h"
#include "v2v/log.h"
#include "v2v/vmx_folder.h"

static char *root;   /* this test's scratch folder (a real path) */
static int folders;

/* A new empty folder for one case. */
static char *folder(void)
{
  char *d = NULL;
  REQUIRE(asprintf(&d, "%s/case%d", root, ++folders) >= 0);
  REQUIRE(mkdir(d, 0755) == 0);
  return d;
}

static void put(const char *dir, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put(const char *dir, const char *name, const char *fmt, ...)
{
  char *path = NULL;
  REQUIRE(asprintf(&path, "%s/%s", dir, name) >= 0);
  FILE *f = fopen(path, "wb");
  REQUIRE(f != NULL);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(f, fmt, ap);
  va_end(ap);
  fclose(f);
  free(path);
}

/* A monolithicFlat descriptor NAME over NAME-flat.vmdk, with CID and,
 * unless PARENT is NULL, a parent. */
static void flat_disk(const char *dir, const char *stem, const char *cid,
                      const char *parent_cid, const char *parent)
{
  char *desc = NULL, *flat = NULL;
  REQUIRE(asprintf(&desc, "%s.vmdk", stem) >= 0 &&
          asprintf(&flat, "%s-flat.vmdk", stem) >= 0);
  put(dir, desc, "# Disk DescriptorFile\nversion=1\nCID=%s\nparentCID=%s\n"
      "createType=\"monolithicFlat\"\n%s%s%s\n# Extent description\n"
      "RW 2048 FLAT \"%s\" 0\n", cid, parent_cid ? parent_cid : "ffffffff",
      parent ? "parentFileNameHint=\"" : "", parent ? parent : "",
      parent ? "\"" : "", flat);
  put(dir, flat, "%s", "");
  free(desc);
  free(flat);
}

static void link_to(const char *dir, const char *name, const char *target)
{
  char *link = NULL;
  REQUIRE(asprintf(&link, "%s/%s", dir, name) >= 0);
  REQUIRE(symlink(target, link) == 0);
  free(link);
}

static void vmx(const char *dir, const char *disk_line)
{
  put(dir, "vm.vmx", ".encoding = \"UTF-8\"\ndisplayName = \"vm\"\n"
      "scsi0.present = \"TRUE\"\nscsi0.virtualDev = \"lsilogic\"\n"
      "scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"%s\"\n", disk_line);
}

static enum result open_vmx(const char *dir, struct package *p)
{
  memset(p, 0, sizeof *p);
  REQUIRE(asprintf(&p->path, "%s/vm.vmx", dir) >= 0);
  p->shown = "vm.vmx";
  return vmx_folder_open(p, dir);
}

/* The folder is refused with an error containing WANT (and RESULT). */
static void refused(const char *dir, enum result want_r, const char *want)
{
  struct package p;
  enum result r = open_vmx(dir, &p);
  const char *err = log_last_error();
  CHECK(r == want_r);
  if (!err || !strstr(err, want))
    fprintf(stderr, "%s: want '%s', got '%s'\n", dir, want, err ? err : "");
  CHECK(err && strstr(err, want));
  package_free(&p);
}

static void test_snapshot_chain(void)
{
  char *d = folder();
  flat_disk(d, "vm", "0000aaaa", NULL, NULL);
  /* A split sparse snapshot, as Workstation writes one. */
  put(d, "vm-000001.vmdk", "# Disk DescriptorFile\nversion=1\nCID=0000bbbb\n"
      "parentCID=0000aaaa\ncreateType=\"twoGbMaxExtentSparse\"\n"
      "parentFileNameHint=\"vm.vmdk\"\nRW 2048 SPARSE \"vm-000001-s001.vmdk\"\n");
  put(d, "vm-000001-s001.vmdk", "KDMV");
  vmx(d, "vm-000001.vmdk");
  struct package p;
  REQUIRE(open_vmx(d, &p) == RESULT_OK);
  CHECK(p.vmx && p.ndisks == 1);
  REQUIRE(p.disks[0].chain.n == 2);
  char *top = NULL, *base = NULL;
  REQUIRE(asprintf(&top, "%s/vm-000001.vmdk", d) >= 0 &&
          asprintf(&base, "%s/vm.vmdk", d) >= 0);
  CHECK_STR(p.disks[0].chain.v[0], top);
  CHECK_STR(p.disks[0].chain.v[1], base);
  CHECK_STR(p.disks[0].file, top);
  CHECK(p.ovf.disks[0].capacity == 2048 * 512);
  CHECK(p.ovf.warnings.n == 1 && strstr(p.ovf.warnings.v[0], "snapshot"));
  /* qemu is told the chain: the top over the base, the base over nothing. */
  char *spec = package_backing(&p, 0);
  char *want = NULL;
  REQUIRE(asprintf(&want, "json:{\"driver\":\"vmdk\",\"backing\":{\"driver\":"
                   "\"vmdk\",\"backing\":null,\"file\":{\"driver\":\"file\","
                   "\"filename\":\"%s\"}},\"file\":{\"driver\":\"file\","
                   "\"filename\":\"%s\"}}", base, top) >= 0);
  CHECK_STR(spec, want);
  free(spec), free(want), free(top), free(base);
  package_free(&p);

  /* The same disk named by an absolute path into this very folder. */
  char *abs = NULL;
  REQUIRE(asprintf(&abs, "%s/vm-000001.vmdk", d) >= 0);
  vmx(d, abs);
  REQUIRE(open_vmx(d, &p) == RESULT_OK);
  CHECK(p.disks[0].chain.n == 2);
  package_free(&p);
  free(abs);
  free(d);
}

static void test_outside(void)
{
  char *secret = NULL;
  REQUIRE(asprintf(&secret, "%s/secret.vmdk", root) >= 0);
  put(root, "secret.vmdk", "# Disk DescriptorFile\nCID=1\nparentCID=ffffffff\n"
      "createType=\"vmfs\"\nRW 8 VMFS \"secret-flat.vmdk\"\n");

  char *d = folder();
  vmx(d, "../secret.vmdk");
  refused(d, RESULT_ERROR, "scsi0:0: \"../secret.vmdk\" is outside the VM's "
                           "folder");
  free(d);

  d = folder();
  vmx(d, secret);
  refused(d, RESULT_ERROR, "outside the VM's folder");
  free(d);

  d = folder();
  vmx(d, "sub/disk.vmdk");
  refused(d, RESULT_ERROR, "\"sub/disk.vmdk\" is outside");
  free(d);

  static const char *const extents[] = {"../secret-flat.vmdk", "/etc/passwd",
                                        "sub/x-flat.vmdk", NULL};
  for (int i = 0; extents[i]; i++) {
    d = folder();
    put(d, "vm.vmdk", "# Disk DescriptorFile\nCID=1\nparentCID=ffffffff\n"
        "createType=\"monolithicFlat\"\nRW 8 FLAT \"%s\" 0\n", extents[i]);
    vmx(d, "vm.vmdk");
    refused(d, RESULT_ERROR, "not a plain file beside it");
    free(d);
  }

  /* A parent outside, by a relative and by an absolute name. */
  const char *parents[] = {"../secret.vmdk", secret};
  for (int i = 0; i < 2; i++) {
    d = folder();
    flat_disk(d, "vm-000001", "2", "1", parents[i]);
    vmx(d, "vm-000001.vmdk");
    refused(d, RESULT_ERROR, "the parent of the snapshot vm-000001.vmdk, \"");
    free(d);
  }

  /* A link inside the folder to the file outside: as the disk, as its
   * extent. */
  d = folder();
  link_to(d, "vm.vmdk", secret);
  vmx(d, "vm.vmdk");
  refused(d, RESULT_ERROR, "vm.vmdk is a link");
  free(d);
  d = folder();
  put(d, "vm.vmdk", "# Disk DescriptorFile\nCID=1\nparentCID=ffffffff\n"
      "createType=\"monolithicFlat\"\nRW 8 FLAT \"vm-flat.vmdk\" 0\n");
  link_to(d, "vm-flat.vmdk", secret);
  vmx(d, "vm.vmdk");
  refused(d, RESULT_ERROR, "vm-flat.vmdk, which is a link");
  free(d);
  free(secret);
}

/* Chains of small flat disks (stem, CID, parent CID, parent hint) with
 * the top named by the .vmx, and the error each must give. */
static const struct {
  const char *disks[2][4];
  const char *top, *want;
} chains[] = {
    {{{"a", "1", "2", "b.vmdk"}, {"b", "2", "1", "a.vmdk"}}, "a.vmdk",
     "snapshot chain loops: b.vmdk names a.vmdk"},
    {{{"a", "1", "1", "a.vmdk"}}, "a.vmdk", "loops"}, /* its own parent */
    /* The parent changed after the snapshot: the CIDs disagree. */
    {{{"base", "00000007", NULL, NULL}, {"snap", "8", "00000009", "base.vmdk"}},
     "snap.vmdk",
     "chain is broken: snap.vmdk expects its parent base.vmdk to have CID "
     "00000009"},
    {{{"snap", "8", "7", NULL}}, "snap.vmdk", "does not name its parent"},
    {{{"snap", "8", "7", "gone.vmdk"}}, "snap.vmdk",
     "gone.vmdk is not in the VM's folder"},
};

static void test_broken_chains(void)
{
  char *d;
  for (size_t i = 0; i < sizeof chains / sizeof chains[0]; i++) {
    d = folder();
    for (int k = 0; k < 2 && chains[i].disks[k][0]; k++)
      flat_disk(d, chains[i].disks[k][0], chains[i].disks[k][1],
                chains[i].disks[k][2], chains[i].disks[k][3]);
    vmx(d, chains[i].top);
    refused(d, RESULT_ERROR, chains[i].want);
    free(d);
  }

  /* The disk itself is missing; its extent is missing. */
  d = folder();
  vmx(d, "none.vmdk");
  refused(d, RESULT_ERROR, "scsi0:0: none.vmdk is not in the VM's folder");
  put(d, "none.vmdk", "# Disk DescriptorFile\nCID=1\nparentCID=ffffffff\n"
      "createType=\"vmfs\"\nRW 8 VMFS \"none-flat.vmdk\"\n");
  refused(d, RESULT_ERROR, "none-flat.vmdk, which is not in the VM's folder");
  free(d);

  /* A raw device mapping, a createType qemu does not read, not a VMDK. */
  d = folder();
  put(d, "rdm.vmdk", "# Disk DescriptorFile\nCID=1\nparentCID=ffffffff\n"
      "createType=\"vmfsPassthroughRawDeviceMap\"\n"
      "RW 8 VMFSRDM \"rdm-rdmp.vmdk\"\n");
  put(d, "odd.vmdk", "# Disk DescriptorFile\nCID=1\nparentCID=ffffffff\n"
      "createType=\"custom\"\nRW 8 FLAT \"odd-flat.vmdk\" 0\n");
  put(d, "raw.vmdk", "%s", "just bytes, no descriptor at all");
  vmx(d, "rdm.vmdk");
  refused(d, RESULT_ERROR, "maps a raw device");
  vmx(d, "odd.vmdk");
  refused(d, RESULT_ERROR, "createType \"custom\"");
  vmx(d, "raw.vmdk");
  refused(d, RESULT_ERROR, "raw.vmdk is not a VMDK");
  free(d);

  /* 65 snapshots deep. */
  d = folder();
  flat_disk(d, "s0", "100", NULL, NULL);
  for (int i = 1; i <= VMX_MAX_CHAIN; i++) {
    char stem[16], cid[16], pcid[16], parent[24];
    snprintf(stem, sizeof stem, "s%d", i);
    snprintf(cid, sizeof cid, "%d", 100 + i);
    snprintf(pcid, sizeof pcid, "%d", 99 + i);
    snprintf(parent, sizeof parent, "s%d.vmdk", i - 1);
    flat_disk(d, stem, cid, pcid, parent);
  }
  char top[24];
  snprintf(top, sizeof top, "s%d.vmdk", VMX_MAX_CHAIN);
  vmx(d, top);
  refused(d, RESULT_ERROR, "longer than 64 files");
  free(d);
}

static void test_suspended(void)
{
  char *d = folder();
  flat_disk(d, "vm", "1", NULL, NULL);
  vmx(d, "vm.vmdk");
  put(d, "vm-5f1a.vmss", "%s", "saved state");
  refused(d, RESULT_REFUSED, "vm-5f1a.vmss, the saved state of a suspended "
                             "VM");
  free(d);
  d = folder();
  flat_disk(d, "vm", "1", NULL, NULL);
  put(d, "vm.vmx", "scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\n"
      "scsi0:0.fileName = \"vm.vmdk\"\ncheckpoint.vmState = \"vm.vmss\"\n");
  refused(d, RESULT_REFUSED, "checkpoint.vmState");
  free(d);
  /* Lock files: a warning, not a refusal. */
  d = folder();
  flat_disk(d, "vm", "1", NULL, NULL);
  vmx(d, "vm.vmdk");
  put(d, "vm.vmx.lck", "%s", "");
  struct package p;
  REQUIRE(open_vmx(d, &p) == RESULT_OK);
  CHECK(p.ovf.warnings.n == 1 && strstr(p.ovf.warnings.v[0], "may be running"));
  package_free(&p);
  free(d);
}

int main(void)
{
  log_start(LOG_PLAIN);
  const char *tmp = check_env("V2V_TEST_TMP");
  char *made = NULL;
  REQUIRE(asprintf(&made, "%s/vmx-folder-XXXXXX", tmp) >= 0);
  REQUIRE(mkdtemp(made) != NULL);
  root = realpath(made, NULL);
  REQUIRE(root != NULL);
  test_snapshot_chain();
  test_outside();
  test_broken_chains();
  test_suspended();
  char *cmd = NULL;
  if (asprintf(&cmd, "rm -rf '%s'", root) >= 0 && system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", root);
  free(cmd);
  free(made);
  free(root);
  return check_report("vmx_folder");
}
