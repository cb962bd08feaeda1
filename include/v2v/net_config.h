/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Linux network configurations rebound to the NICs a guest has on KVM:
 * pure text work, unit-tested without the appliance.
 *
 * On KVM the NIC is virtio-net with a new MAC (unless the domain keeps the
 * source's) and a new name: the Xen one (eth0, or enX0 for xen-netfront
 * with systemd 250+) is gone. The guest is given one rule: virtio NICs
 * keep the kernel's names, eth0, eth1... in PCI order (a .link file; the
 * same on libvirt, OpenStack and Proxmox, whatever the slot). Every
 * configuration is then rebound to those names: MAC pins dropped (the
 * MAC is the one thing that changes with the target), Xen names mapped
 * enXN -> ethN, other physical names to the next free ethN. */
#ifndef V2V_NET_CONFIG_H
#define V2V_NET_CONFIG_H

#include <stdbool.h>

#include "v2v/strlist.h"

enum net_config_kind {
  NETCFG_IFCFG,    /* /etc/sysconfig/network-scripts/ifcfg-* (and SUSE's) */
  NETCFG_UDEV,     /* /etc/udev/rules.d/70-persistent-net.rules */
  NETCFG_NETPLAN,  /* /etc/netplan, *.yaml */
  NETCFG_NM,       /* NetworkManager keyfiles */
  NETCFG_NETWORKD, /* systemd-networkd, .network */
  NETCFG_LINK,     /* systemd .link */
  NETCFG_IFUPDOWN, /* /etc/network/interfaces and interfaces.d */
};

/* The rebinding: OLD[i] becomes NEW[i]; MACS holds "mac name" pairs the
 * configurations pin (lower-case MAC, the old name). */
struct net_map {
  strlist old, new;
  strlist macs;
};

/* Whether NAME is a physical NIC's name that moves (ethN stays ethN; enXN,
 * ensN, enpNsM, enoN, emN, pNpM move); lo, bonds, bridges, VLANs do not. */
bool net_name_is_physical(const char *name);
/* Adds the NIC names and MAC pins TEXT (of KIND) uses to M->old/M->macs. */
void net_config_collect(enum net_config_kind kind, const char *text,
                        struct net_map *m);
/* Fills M->new for M->old: ethN kept, enXN -> ethN when free, the rest
 * the lowest free ethN in the order they were found. */
void net_map_assign(struct net_map *m);
/* The new name of OLD, or OLD itself. */
const char *net_map_name(const struct net_map *m, const char *old);
void net_map_free(struct net_map *m);

/* TEXT rebound: MAC pins commented out (or, for netplan, removed), names
 * mapped. NULL when nothing changes. A .link that names a NIC by its old
 * MAC is not edited: net_link_pins_mac() says it goes as a whole. */
char *net_config_rebind(enum net_config_kind kind, const char *text,
                        const struct net_map *m);
bool net_link_pins_mac(const char *text);

/* The .link file that keeps the kernel's names for virtio NICs. */
extern const char net_kernel_names_link[];

#endif
