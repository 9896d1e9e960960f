#!/usr/bin/env python3
"""Writes the ifacer-*.hex golden files for IfacerRequestGoldenTest: the RTM_NEWLINK requests
ifacer sends for upstream's cases N00001 (vlan on a NIC) and N00006 (bond over two NICs, vlan on
the bond), as the kernel's UAPI structs lay them out (linux/netlink.h nlmsghdr, linux/rtnetlink.h
ifinfomsg, linux/if_link.h IFLA_*, IFLA_INFO_*, IFLA_VLAN_ID, IFLA_BOND_*). Written by hand from
those headers, not from the Java encoder: an rtattr's length counts its 4-byte header and the
unpadded value, each attribute starts 4-aligned, a nest's length covers its padded children.
Little-endian host order, sequence 1, port id 0.

Run from this directory: python3 ifacer-golden.py
"""
import struct

NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 0x1, 0x4, 0x200, 0x400
RTM_NEWLINK = 16
IFLA_IFNAME, IFLA_LINK, IFLA_LINKINFO = 3, 5, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
IFLA_VLAN_ID = 1
IFLA_BOND_MODE, IFLA_BOND_MIIMON, IFLA_BOND_UPDELAY, IFLA_BOND_PRIMARY = 1, 3, 4, 11


def pad4(n):
    return (n + 3) & ~3


def attr(name, typ, value, note, depth):
    """Lines (bytes, comment) of one leaf rtattr, its padding included."""
    ind = "  " * depth
    out = [(struct.pack("<H", 4 + len(value)), f"{ind}{name}: rta_len {4 + len(value)}"),
           (struct.pack("<H", typ), f"{ind}{name}: rta_type {typ}"),
           (value, f"{ind}{name}: {note}")]
    if pad4(len(value)) != len(value):
        out.append((b"\0" * (pad4(len(value)) - len(value)), f"{ind}{name}: padding"))
    return out


def nest(name, typ, children, depth):
    body = sum(len(b) for b, _ in children)
    ind = "  " * depth
    return [(struct.pack("<H", 4 + body), f"{ind}{name}: rta_len {4 + body}"),
            (struct.pack("<H", typ), f"{ind}{name}: rta_type {typ}")] + children


def cstr(s):
    return s.encode() + b"\0"


def newlink(attrs):
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE
    ifinfo = [(b"\0", "ifi_family AF_UNSPEC"), (b"\0", "__ifi_pad"), (b"\0\0", "ifi_type 0"),
              (struct.pack("<i", 0), "ifi_index 0"), (struct.pack("<I", 0), "ifi_flags 0x0"),
              (struct.pack("<I", 0), "ifi_change 0x0")]
    length = 16 + sum(len(b) for b, _ in ifinfo + attrs)
    head = [(struct.pack("<I", length), f"nlmsg_len {length}"),
            (struct.pack("<H", RTM_NEWLINK), f"nlmsg_type RTM_NEWLINK {RTM_NEWLINK}"),
            (struct.pack("<H", flags), f"nlmsg_flags NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE {flags:#x}"),
            (struct.pack("<I", 1), "nlmsg_seq 1"), (struct.pack("<I", 0), "nlmsg_pid 0 (the kernel)")]
    return head + ifinfo + attrs


def vlan(name, parent_index, vlan_id):
    return newlink(attr("IFLA_IFNAME", IFLA_IFNAME, cstr(name), f"'{name}'", 0)
                   + attr("IFLA_LINK", IFLA_LINK, struct.pack("<I", parent_index), f"parent index {parent_index}", 0)
                   + nest("IFLA_LINKINFO", IFLA_LINKINFO,
                          attr("IFLA_INFO_KIND", IFLA_INFO_KIND, cstr("vlan"), "'vlan'", 1)
                          + nest("IFLA_INFO_DATA", IFLA_INFO_DATA,
                                 attr("IFLA_VLAN_ID", IFLA_VLAN_ID, struct.pack("<H", vlan_id), f"{vlan_id} (u16)", 2),
                                 1), 0))


def bond(name, data):
    return newlink(attr("IFLA_IFNAME", IFLA_IFNAME, cstr(name), f"'{name}'", 0)
                   + nest("IFLA_LINKINFO", IFLA_LINKINFO,
                          attr("IFLA_INFO_KIND", IFLA_INFO_KIND, cstr("bond"), "'bond'", 1)
                          + nest("IFLA_INFO_DATA", IFLA_INFO_DATA, data, 1), 0))


def write(file, title, lines):
    with open(file, "w") as f:
        f.write(f"# {title}\n# Request bytes (sequence 1, little-endian host order) derived from the kernel structs by\n"
                "# ifacer-golden.py, not from the Java encoder; checked by IfacerRequestGoldenTest.\n")
        for b, note in lines:
            f.write(f"{' '.join(f'{x:02x}' for x in b):<36} # {note}\n")


write("ifacer-N00001-vlan.hex",
      "N00001: interfaces [eth0] (index 2), vlanID 50 -> ip link add link eth0 name eth0.50 type vlan id 50",
      vlan("eth0.50", 2, 50))
write("ifacer-N00006-bond.hex",
      "N00006: bond bond0 mode 1, options miimon=100;up_delay=200;primary=eth2 (index 3)"
      " -> ip link add bond0 type bond mode active-backup miimon 100 updelay 200 primary eth2",
      bond("bond0", attr("IFLA_BOND_MODE", IFLA_BOND_MODE, struct.pack("<B", 1), "active-backup 1 (u8)", 2)
           + attr("IFLA_BOND_MIIMON", IFLA_BOND_MIIMON, struct.pack("<I", 100), "100 (u32)", 2)
           + attr("IFLA_BOND_UPDELAY", IFLA_BOND_UPDELAY, struct.pack("<I", 200), "200 (u32)", 2)
           + attr("IFLA_BOND_PRIMARY", IFLA_BOND_PRIMARY, struct.pack("<I", 3), "index 3 (u32)", 2)))
write("ifacer-N00006-vlan.hex",
      "N00006: vlanID 60 on the bond (bond0 = index 4) -> ip link add link bond0 name bond0.60 type vlan id 60",
      vlan("bond0.60", 4, 60))
