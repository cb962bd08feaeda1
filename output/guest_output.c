/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A fixed guest written out: include/v2v/guest_output.h. */
#include "v2v/guest_output.h"

#include "v2v/commit.h"
#include "v2v/libvirt_xml.h"
#include "v2v/log.h"
#include "v2v/target_hints.h"

/* The fixed guest as new files (-o), and the domain that boots them. */
static enum result write_output(struct session *s, struct report *rep,
                                bool changed)
{
  const struct options *o = s->opts;
  const char *fmt = o->output_format;
  phase("write", "writing %s (%s)", o->output_file, fmt);
  if (overlay_convert(s, o->output_file, fmt, !changed) == RESULT_ERROR)
    return RESULT_ERROR;
  strlist outputs = {0};
  for (size_t i = 0; i <= s->more_overlays.n; i++)
    strlist_take(&outputs, output_disk_name(o->output_file, i));
  enum result r = RESULT_OK;
  struct domain_spec d;
  domain_spec_from_session(s, &outputs, fmt, &d);
  for (size_t i = 0; i < d.warnings.n; i++) {
    warn("%s", d.warnings.v[i]);
    report_warning(rep, d.warnings.v[i]);
  }
  if (o->libvirt_xml) {
    info("writing the libvirt domain %s", o->libvirt_xml);
    r = domain_xml_write(&d, o->libvirt_xml);
  }
  if (r == RESULT_OK) {
    report_output(rep, &outputs, fmt, o->libvirt_xml);
    struct target_hints h;
    target_hints_make(&s->guest, &d, &h);
    report_targets(rep, &h);
    info("to run it on OpenStack: %s", h.openstack);
    info("on Proxmox: %s", h.proxmox.v[0]);
    info("with virt-install: %s", h.virt_install);
    target_hints_free(&h);
  }
  domain_spec_free(&d);
  strlist_free(&outputs);
  return r;
}

enum result guest_output_write(struct session *s, struct report *rep,
                               bool changed)
{
  const struct options *o = s->opts;
  if (o->output_file)
    return write_output(s, rep, changed);
  phase("write", "writing the changes into %s", o->image);
  return overlay_commit(s);
}

