/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The [Version] section of driver .inf files, as Windows writes them. */
#include "check.h"
#include "v2v/hive.h"
#include "v2v/inf.h"
#include "v2v/strlist.h"

static void free_pkg(struct driver_package *p)
{
  free(p->provider);
  free(p->catalog);
  free(p->class_name);
  free(p->driver_ver);
}

static void test_ansi_with_tokens(void)
{
  const char *inf =
      "; Citrix PV bus driver\r\n"
      "[Version]\r\n"
      "Signature=\"$Windows NT$\"\r\n"
      "Class = System ; the system class\r\n"
      "ClassGuid={4D36E97D-E325-11CE-BFC1-08002BE10318}\r\n"
      "Provider=%Citrix%\r\n"
      "CatalogFile.NTamd64 = xenbus.cat\r\n"
      "DriverVer=06/02/2020,9.0.0.64\r\n"
      "\r\n"
      "[Strings]\r\n"
      "citrix = \"Citrix Systems, Inc.\"\r\n";
  struct driver_package p = {0};
  inf_parse_version(inf, strlen(inf), &p);
  CHECK_STR(p.provider, "Citrix Systems, Inc.");
  CHECK_STR(p.catalog, "xenbus.cat");
  CHECK_STR(p.class_name, "System");
  CHECK_STR(p.driver_ver, "06/02/2020,9.0.0.64");
  free_pkg(&p);
}

static void test_utf16(void)
{
  const char *text = "[Version]\nProvider=\"Xen Project\"\nCatalogFile=xenvif.cat\n";
  size_t n = strlen(text);
  unsigned char *buf = calloc(2 * n + 2, 1);
  buf[0] = 0xFF, buf[1] = 0xFE;
  for (size_t i = 0; i < n; i++)
    buf[2 + 2 * i] = (unsigned char)text[i];
  struct driver_package p = {0};
  inf_parse_version(buf, 2 * n + 2, &p);
  CHECK_STR(p.provider, "Xen Project");
  CHECK_STR(p.catalog, "xenvif.cat");
  free_pkg(&p);
  free(buf);
}

static void test_no_version(void)
{
  const char *inf = "[Strings]\nProvider=Nobody\n";
  struct driver_package p = {0};
  inf_parse_version(inf, strlen(inf), &p);
  CHECK(p.provider == NULL && p.catalog == NULL);
  free_pkg(&p);
}

/* Xen's INFs continue device lines with a trailing backslash; AddReg
 * entries carry typed values with %tokens% for their flags; quoted commas
 * and %% stay inside a field. */
static void test_lines_and_addreg(void)
{
  const char *inf =
      "[Version]\r\nSignature=\"$Windows NT$\"\r\n"
      "[Manufacturer]\r\n%Vendor% = Inst,NTamd64\r\n"
      "[Inst.NTamd64]\r\n"
      "%Dev% = XenBus_Inst, \\\r\n"
      "        PCI\\VEN_5853&DEV_0001&SUBSYS_00015853, \\  \r\n"
      "        PCI\\VEN_5853&DEV_0001\r\n"
      "[XenBus_Inst.NT]\r\nFeatureScore = F9\r\n"
      "[XenBus_Inst.NT.HW]\r\nAddReg = A, B\r\n"
      "[A]\r\n"
      "HKR, \"Parameters\", \"BusType\", %REG_DWORD%, 0x0000000A\r\n"
      "HKR,,EventMessageFile,%REG_EXPAND_SZ%,\"%%SystemRoot%%\\a,b.dll\"\r\n"
      "HKLM, \"Software\", \"Ignored\", 0, \"absolute roots are not ours\"\r\n"
      "[B]\r\n"
      "HKR, \"Interrupt Management\",, 0x00000010\r\n"
      "HKR, , \"Filters\", 0x00010000, \"one\", \"two\"\r\n"
      "[Strings]\r\nVendor = \"Xen Project\"\r\nDev = \"Xen bus\"\r\n"
      "REG_DWORD = 0x00010001\r\nREG_EXPAND_SZ = 0x00020000\r\n";
  size_t n = strlen(inf);
  strlist ids = inf_device_ids(inf, n, "PCI\\VEN_5853&DEV_0001&SUBSYS_00015853");
  CHECK(ids.n == 2 && !strcmp(ids.v[1], "PCI\\VEN_5853&DEV_0001"));
  strlist_free(&ids);
  char *install = NULL, *desc = NULL, *mfg = NULL;
  CHECK(inf_find_device(inf, n, "PCI\\VEN_5853&DEV_0001", &install, &desc,
                        &mfg) == 0);
  CHECK_STR(install, "XenBus_Inst");
  char *hw = inf_decorated(inf, n, install, ".HW");
  CHECK_STR(hw, "XenBus_Inst.NT.HW");
  char *score = inf_get(inf, n, "XenBus_Inst.NT", "FeatureScore");
  CHECK(score && strtoul(score, NULL, 16) == 0xF9);
  struct inf_reg *regs = NULL;
  size_t k = inf_addreg(inf, n, hw ? hw : "", &regs);
  CHECK(k == 4);
  if (k == 4) {
    CHECK_STR(regs[0].subkey, "Parameters");
    CHECK_STR(regs[0].name, "BusType");
    CHECK(regs[0].type == 4 && regs[0].len == 4 && regs[0].data[0] == 0x0A);
    CHECK(regs[1].type == 2 && *regs[1].subkey == '\0');
    char *path = reg_decode_utf16(regs[1].data, regs[1].len);
    CHECK_STR(path, "%SystemRoot%\\a,b.dll");
    free(path);
    CHECK(regs[2].type == 0 && regs[2].name == NULL);
    CHECK(regs[3].type == 7 && regs[3].name && !strcmp(regs[3].name, "Filters"));
  }
  inf_reg_free(regs, k);
  free(score), free(hw), free(install), free(desc), free(mfg);
}

int main(void)
{
  test_ansi_with_tokens();
  test_utf16();
  test_no_version();
  test_lines_and_addreg();
  return check_report("inf");
}
