#!/usr/bin/env python3
"""Writes the link-*.hex and addr-*.hex golden files for LinkRequestGoldenTest.

The bytes come from the kernel's UAPI structs and enum values, written out here by hand
(linux/netlink.h nlmsghdr, linux/rtnetlink.h ifinfomsg / RTM_*, linux/if_addr.h ifaddrmsg /
IFA_*, linux/if_link.h IFLA_*, IFLA_INFO_*, IFLA_MACVLAN_*, IFLA_IPVLAN_*, IFLA_VLAN_*,
IFLA_BOND_*, linux/veth.h VETH_INFO_PEER), not from the Java encoder: rtattr lengths count the
4-byte header and the unpadded value, every attribute starts 4-aligned, a nest's length covers
its padded children. Little-endian host order, sequence 1, port id 0.

Run from this directory: python3 link-golden.py
"""
import ipaddress
import struct

# linux/netlink.h
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 0x1, 0x4, 0x200, 0x400
# linux/rtnetlink.h
RTM_NEWLINK, RTM_DELLINK, RTM_SETLINK, RTM_NEWADDR, RTM_DELADDR = 16, 17, 19, 20, 21
AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10
IFF_UP = 0x1
# linux/if_link.h
IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_MASTER, IFLA_TXQLEN = 1, 3, 4, 5, 10, 13
IFLA_LINKINFO, IFLA_NET_NS_FD = 18, 28
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
IFLA_MACVLAN_MODE, IFLA_IPVLAN_MODE, IFLA_VLAN_ID = 1, 1, 1
MACVLAN_MODE_BRIDGE, IPVLAN_MODE_L2 = 4, 0
BOND = dict(MODE=1, MIIMON=3, UPDELAY=4, ARP_IP_TARGET=8, PRIMARY=11, XMIT_HASH_POLICY=14,
            AD_LACP_RATE=21, AD_ACTOR_SYS_PRIO=24, AD_ACTOR_SYSTEM=26)
# linux/veth.h
VETH_INFO_PEER = 1
# linux/if_addr.h
IFA_ADDRESS, IFA_LOCAL, IFA_FLAGS = 1, 2, 8
IFA_F_NODAD, IFA_F_NOPREFIXROUTE = 0x02, 0x200


class Attr:
    """One rtattr: a leaf with raw bytes or a nest of (header bytes, children)."""

    def __init__(self, name, typ, value=b"", note="", children=None, head=None):
        self.name, self.typ, self.value, self.note = name, typ, value, note
        self.children, self.head = children, head

    def body_len(self):
        if self.children is None:
            return len(self.value)
        head = len(self.head[0]) if self.head else 0
        return head + sum(pad(c.total_len()) for c in self.children)

    def total_len(self):
        return 4 + self.body_len()

    def lines(self, indent):
        out = [(struct.pack("<H", self.total_len()), f"{indent}{self.name}: rta_len {self.total_len()}"),
               (struct.pack("<H", self.typ), f"{indent}{self.name}: rta_type {self.typ}")]
        if self.children is None:
            out.append((self.value, f"{indent}{self.name}: {self.note}"))
            filler = pad(len(self.value)) - len(self.value)
            if filler:
                out.append((b"\0" * filler, f"{indent}{self.name}: padding"))
        else:
            if self.head:
                out.extend(self.head[1])
            for c in self.children:
                out.extend(c.lines(indent + "  "))
        return out


def pad(n):
    return (n + 3) & ~3


def u8(v):
    return struct.pack("<B", v)


def u16(v):
    return struct.pack("<H", v)


def u32(v):
    return struct.pack("<I", v)


def text(s):
    return s.encode() + b"\0"


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ifinfomsg(index, flags, change, indent=""):
    fields = [(u8(AF_UNSPEC), f"{indent}ifi_family AF_UNSPEC"), (u8(0), f"{indent}__ifi_pad"),
              (u16(0), f"{indent}ifi_type 0"), (struct.pack("<i", index), f"{indent}ifi_index {index}"),
              (u32(flags), f"{indent}ifi_flags 0x{flags:x}"), (u32(change), f"{indent}ifi_change 0x{change:x}")]
    return b"".join(f[0] for f in fields), fields


def message(name, comment, typ, typ_name, flags, flag_names, header, attrs):
    body = header[0] + b"".join(b"".join(x[0] for x in a.lines("")) for a in attrs)
    length = 16 + len(body)
    lines = [(u32(length), f"nlmsg_len {length}"), (u16(typ), f"nlmsg_type {typ_name} {typ}"),
             (u16(flags | NLM_F_REQUEST), f"nlmsg_flags {flag_names} 0x{flags | NLM_F_REQUEST:x}"),
             (u32(1), "nlmsg_seq 1"), (u32(0), "nlmsg_pid 0 (the kernel)")]
    lines.extend(header[1])
    for a in attrs:
        lines.extend(a.lines(""))
    assert sum(len(b) for b, _ in lines) == length
    with open(name + ".hex", "w") as f:
        f.write(f"# {name}: {comment}\n")
        f.write("# Request bytes (sequence 1, little-endian host order) derived from the kernel structs by\n")
        f.write("# link-golden.py, not from the Java encoder; checked by LinkRequestGoldenTest.\n")
        for raw, note in lines:
            f.write(f"{' '.join(f'{b:02x}' for b in raw):<36} # {note}\n")


CREATE = NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK
CREATE_NAMES = "NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE"


def create(name, comment, ifname, kind, data, common=(), parent=None):
    attrs = [Attr("IFLA_IFNAME", IFLA_IFNAME, text(ifname), repr(ifname))] + list(common)
    if parent is not None:
        attrs.append(Attr("IFLA_LINK", IFLA_LINK, u32(parent), f"parent index {parent}"))
    info = [Attr("IFLA_INFO_KIND", IFLA_INFO_KIND, text(kind), repr(kind))]
    if data is not None:
        info.append(Attr("IFLA_INFO_DATA", IFLA_INFO_DATA, children=data))
    attrs.append(Attr("IFLA_LINKINFO", IFLA_LINKINFO, children=info))
    message(name, comment, RTM_NEWLINK, "RTM_NEWLINK", CREATE, CREATE_NAMES, ifinfomsg(0, 0, 0), attrs)


def setlink(name, comment, index, flags, change, attrs):
    message(name, comment, RTM_SETLINK, "RTM_SETLINK", NLM_F_ACK, "NLM_F_REQUEST|NLM_F_ACK",
            ifinfomsg(index, flags, change), attrs)


def main():
    peer_head = ifinfomsg(0, 0, 0, "    peer ")
    create("link-create-veth-peer-netns",
           "ip link add veth0 mtu 1500 address 02:00:c0:00:02:01 type veth peer name eth0 mtu 1500"
           " address 02:00:c0:00:02:02 netns <fd 7>", "veth0", "veth",
           [Attr("VETH_INFO_PEER", VETH_INFO_PEER, head=peer_head, children=[
               Attr("IFLA_IFNAME", IFLA_IFNAME, text("eth0"), "'eth0'"),
               Attr("IFLA_MTU", IFLA_MTU, u32(1500), "1500"),
               Attr("IFLA_ADDRESS", IFLA_ADDRESS, mac("02:00:c0:00:02:02"), "02:00:c0:00:02:02"),
               Attr("IFLA_NET_NS_FD", IFLA_NET_NS_FD, u32(7), "fd 7")])],
           common=[Attr("IFLA_MTU", IFLA_MTU, u32(1500), "1500"),
                   Attr("IFLA_ADDRESS", IFLA_ADDRESS, mac("02:00:c0:00:02:01"), "02:00:c0:00:02:01")])
    create("link-create-macvlan-bridge", "ip link add mv0 link <index 2> type macvlan mode bridge", "mv0",
           "macvlan", [Attr("IFLA_MACVLAN_MODE", IFLA_MACVLAN_MODE, u32(MACVLAN_MODE_BRIDGE), "bridge 4")], parent=2)
    create("link-create-ipvlan-l2", "ip link add ipvl0 link <index 2> type ipvlan mode l2", "ipvl0", "ipvlan",
           [Attr("IFLA_IPVLAN_MODE", IFLA_IPVLAN_MODE, u16(IPVLAN_MODE_L2), "l2 0 (u16)")], parent=2)
    create("link-create-bridge", "ip link add br0 txqueuelen 1000 type bridge", "br0", "bridge", None,
           common=[Attr("IFLA_TXQLEN", IFLA_TXQLEN, u32(1000), "1000")])
    create("link-create-vlan-100", "ip link add link <index 2> name eth0.100 type vlan id 100", "eth0.100", "vlan",
           [Attr("IFLA_VLAN_ID", IFLA_VLAN_ID, u16(100), "100 (u16)")], parent=2)
    targets = [Attr(f"target {i}", i, ipaddress.IPv4Address(a).packed, a)
               for i, a in enumerate(["192.0.2.1", "192.0.2.2"])]
    create("link-create-bond-mode4",
           "ip link add bond0 type bond mode 802.3ad miimon 100 updelay 200 arp_ip_target 192.0.2.1,192.0.2.2"
           " primary <eth1 = index 3> xmit_hash_policy 1 lacp_rate 1 ad_actor_sys_prio 100"
           " ad_actor_system 02:00:c0:00:02:09", "bond0", "bond",
           [Attr("IFLA_BOND_MODE", BOND["MODE"], u8(4), "802.3ad 4 (u8)"),
            Attr("IFLA_BOND_MIIMON", BOND["MIIMON"], u32(100), "100 (u32)"),
            Attr("IFLA_BOND_UPDELAY", BOND["UPDELAY"], u32(200), "200 (u32)"),
            Attr("IFLA_BOND_ARP_IP_TARGET", BOND["ARP_IP_TARGET"], children=targets),
            Attr("IFLA_BOND_PRIMARY", BOND["PRIMARY"], u32(3), "index 3 (u32)"),
            Attr("IFLA_BOND_XMIT_HASH_POLICY", BOND["XMIT_HASH_POLICY"], u8(1), "1 (u8)"),
            Attr("IFLA_BOND_AD_LACP_RATE", BOND["AD_LACP_RATE"], u8(1), "fast 1 (u8)"),
            Attr("IFLA_BOND_AD_ACTOR_SYS_PRIO", BOND["AD_ACTOR_SYS_PRIO"], u16(100), "100 (u16)"),
            Attr("IFLA_BOND_AD_ACTOR_SYSTEM", BOND["AD_ACTOR_SYSTEM"], mac("02:00:c0:00:02:09"), "02:00:c0:00:02:09")])
    setlink("link-set-up", "ip link set <index 5> up", 5, IFF_UP, IFF_UP, [])
    setlink("link-set-mtu", "ip link set <index 5> mtu 9000", 5, 0, 0, [Attr("IFLA_MTU", IFLA_MTU, u32(9000), "9000")])
    setlink("link-move-to-netns", "ip link set <index 5> netns <fd 7>", 5, 0, 0,
            [Attr("IFLA_NET_NS_FD", IFLA_NET_NS_FD, u32(7), "fd 7")])
    message("link-delete", "ip link del <index 5>", RTM_DELLINK, "RTM_DELLINK", NLM_F_ACK, "NLM_F_REQUEST|NLM_F_ACK",
            ifinfomsg(5, 0, 0), [])
    addr("addr-add-v4", "ip addr add 192.0.2.7/24 dev <index 5>", RTM_NEWADDR, "RTM_NEWADDR", CREATE, CREATE_NAMES,
         "192.0.2.7", 24, 0)
    addr("addr-add-v6-nodad", "ip addr add 2001:db8::7/64 dev <index 5> nodad", RTM_NEWADDR, "RTM_NEWADDR", CREATE,
         CREATE_NAMES, "2001:db8::7", 64, IFA_F_NODAD)
    addr("addr-add-v6-noprefixroute", "ip addr add 2001:db8::7/64 dev <index 5> nodad noprefixroute", RTM_NEWADDR,
         "RTM_NEWADDR", CREATE, CREATE_NAMES, "2001:db8::7", 64, IFA_F_NODAD | IFA_F_NOPREFIXROUTE)
    addr("addr-delete-v4", "ip addr del 192.0.2.7/24 dev <index 5>", RTM_DELADDR, "RTM_DELADDR", NLM_F_ACK,
         "NLM_F_REQUEST|NLM_F_ACK", "192.0.2.7", 24, 0)


def addr(name, comment, typ, typ_name, flags, flag_names, ip, prefix, ifa_flags):
    a = ipaddress.ip_address(ip)
    family = AF_INET if a.version == 4 else AF_INET6
    fields = [(u8(family), f"ifa_family {family}"), (u8(prefix), f"ifa_prefixlen {prefix}"),
              (u8(ifa_flags & 0xff), f"ifa_flags 0x{ifa_flags & 0xff:x} (the low 8 bits)"), (u8(0), "ifa_scope 0 (universe)"),
              (u32(5), "ifa_index 5")]
    attrs = []
    if a.version == 4:
        attrs.append(Attr("IFA_LOCAL", IFA_LOCAL, a.packed, ip))
    attrs.append(Attr("IFA_ADDRESS", IFA_ADDRESS, a.packed, ip))
    if ifa_flags > 0xff:
        attrs.append(Attr("IFA_FLAGS", IFA_FLAGS, u32(ifa_flags), f"0x{ifa_flags:x} (all of them, u32)"))
    message(name, comment, typ, typ_name, flags, flag_names, (b"".join(f[0] for f in fields), fields), attrs)


if __name__ == "__main__":
    main()
