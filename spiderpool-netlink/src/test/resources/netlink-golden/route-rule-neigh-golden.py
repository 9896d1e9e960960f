#!/usr/bin/env python3
"""Writes the route-*, rule-* and neigh-* golden files of this directory.

The bytes come from the kernel's C structs (linux/netlink.h, rtnetlink.h, fib_rules.h,
neighbour.h) packed with Python's struct module, little-endian (x86-64, arm64), independently of
the Java encoder: RoutingRequestGoldenTest compares the Java output with these files. Every field
is on its own line with its name, so a reader can check a file against the headers by eye.
Run from this directory: python3 route-rule-neigh-golden.py
"""
import ipaddress
import struct

NLM_F_REQUEST, NLM_F_ACK, NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE = 0x1, 0x4, 0x100, 0x200, 0x400
RTM_NEWROUTE, RTM_DELROUTE, RTM_NEWNEIGH, RTM_DELNEIGH, RTM_NEWRULE, RTM_DELRULE = 24, 25, 28, 29, 32, 33
AF_INET, AF_INET6 = 2, 10
RTA_DST, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC, RTA_MULTIPATH, RTA_TABLE = 1, 4, 5, 6, 7, 9, 15
FRA_DST, FRA_SRC, FRA_PRIORITY, FRA_FWMARK, FRA_TABLE, FRA_FWMASK = 1, 2, 6, 10, 15, 16
NDA_DST, NDA_LLADDR = 1, 2
SEQ = 1


class Msg:
    def __init__(self):
        self.fields = []  # (bytes, comment)

    def field(self, fmt, value, comment):
        self.fields.append((struct.pack('<' + fmt, value), comment))

    def raw(self, data, comment):
        self.fields.append((data, comment))

    def pad(self, n):
        if n:
            self.fields.append((b'\0' * n, 'padding to 4 bytes'))

    def size(self):
        return sum(len(b) for b, _ in self.fields)

    def rtattr(self, kind, name, payload, shown):
        """struct rtattr { unsigned short rta_len; unsigned short rta_type; } + payload + pad."""
        self.field('H', 4 + len(payload), f'{name}: rta_len {4 + len(payload)}')
        self.field('H', kind, f'{name}: rta_type {kind}')
        self.raw(payload, f'{name}: {shown}')
        self.pad(-len(payload) % 4)

    def u32attr(self, kind, name, value):
        self.rtattr(kind, name, struct.pack('<I', value), f'{value}')

    def addrattr(self, kind, name, text):
        self.rtattr(kind, name, ipaddress.ip_address(text).packed, text)


def nlmsghdr(msg_type, type_name, flags, flag_names, body):
    """struct nlmsghdr { u32 len; u16 type; u16 flags; u32 seq; u32 pid; } then the body."""
    head = Msg()
    total = 16 + body.size()
    head.field('I', total, f'nlmsg_len {total}')
    head.field('H', msg_type, f'nlmsg_type {type_name} {msg_type}')
    head.field('H', flags, f'nlmsg_flags {flag_names} 0x{flags:x}')
    head.field('I', SEQ, f'nlmsg_seq {SEQ}')
    head.field('I', 0, 'nlmsg_pid 0 (the kernel)')
    head.fields += body.fields
    return head


def rtmsg(family, dst_len, table, protocol, scope, rtype):
    m = Msg()
    for fmt, value, name in (('B', family, 'rtm_family'), ('B', dst_len, 'rtm_dst_len'), ('B', 0, 'rtm_src_len'),
                             ('B', 0, 'rtm_tos'), ('B', table, 'rtm_table'), ('B', protocol, 'rtm_protocol'),
                             ('B', scope, 'rtm_scope'), ('B', rtype, 'rtm_type'), ('I', 0, 'rtm_flags')):
        m.field(fmt, value, f'{name} {value}')
    return m


def fib_rule_hdr(family, dst_len, src_len, table):
    m = Msg()
    for fmt, value, name in (('B', family, 'family'), ('B', dst_len, 'dst_len'), ('B', src_len, 'src_len'),
                             ('B', 0, 'tos'), ('B', table, 'table'), ('B', 0, 'res1'), ('B', 0, 'res2'),
                             ('B', 1, 'action FR_ACT_TO_TBL'), ('I', 0, 'flags')):
        m.field(fmt, value, f'{name} {value}')
    return m


def ndmsg(family, ifindex, state):
    m = Msg()
    for fmt, value, name in (('B', family, 'ndm_family'), ('B', 0, 'ndm_pad1'), ('H', 0, 'ndm_pad2'),
                             ('i', ifindex, 'ndm_ifindex'), ('H', state, 'ndm_state'), ('B', 0, 'ndm_flags'),
                             ('B', 0, 'ndm_type')):
        m.field(fmt, value, f'{name} {value}')
    return m


ADD = ('NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE', NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE)
REPLACE = ('NLM_F_REQUEST|NLM_F_ACK|NLM_F_REPLACE|NLM_F_CREATE',
           NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE | NLM_F_CREATE)
DELETE = ('NLM_F_REQUEST|NLM_F_ACK', NLM_F_REQUEST | NLM_F_ACK)


def route_add_v4_default_table101():
    b = rtmsg(AF_INET, 0, 101, 3, 0, 1)
    b.u32attr(RTA_TABLE, 'RTA_TABLE', 101)
    b.addrattr(RTA_GATEWAY, 'RTA_GATEWAY', '192.0.2.1')
    b.u32attr(RTA_OIF, 'RTA_OIF', 3)
    return nlmsghdr(RTM_NEWROUTE, 'RTM_NEWROUTE', ADD[1], ADD[0], b)


def route_add_v4_table1000():
    b = rtmsg(AF_INET, 24, 0, 3, 0, 1)  # 1000 does not fit the u8: RT_TABLE_UNSPEC + RTA_TABLE
    b.u32attr(RTA_TABLE, 'RTA_TABLE', 1000)
    b.addrattr(RTA_DST, 'RTA_DST', '198.51.100.0')
    b.addrattr(RTA_GATEWAY, 'RTA_GATEWAY', '192.0.2.1')
    b.u32attr(RTA_OIF, 'RTA_OIF', 3)
    return nlmsghdr(RTM_NEWROUTE, 'RTM_NEWROUTE', ADD[1], ADD[0], b)


def route_add_v4_host_scope_link_main():
    b = rtmsg(AF_INET, 32, 254, 3, 253, 1)
    b.u32attr(RTA_TABLE, 'RTA_TABLE', 254)
    b.addrattr(RTA_DST, 'RTA_DST', '192.0.2.10')
    b.u32attr(RTA_OIF, 'RTA_OIF', 3)
    b.addrattr(RTA_PREFSRC, 'RTA_PREFSRC', '192.0.2.7')
    return nlmsghdr(RTM_NEWROUTE, 'RTM_NEWROUTE', ADD[1], ADD[0], b)


def route_add_v6_gateway():
    b = rtmsg(AF_INET6, 64, 254, 3, 0, 1)
    b.u32attr(RTA_TABLE, 'RTA_TABLE', 254)
    b.addrattr(RTA_DST, 'RTA_DST', '2001:db8:1::')
    b.addrattr(RTA_GATEWAY, 'RTA_GATEWAY', 'fe80::1')
    b.u32attr(RTA_OIF, 'RTA_OIF', 3)
    b.u32attr(RTA_PRIORITY, 'RTA_PRIORITY', 100)
    return nlmsghdr(RTM_NEWROUTE, 'RTM_NEWROUTE', ADD[1], ADD[0], b)


def route_add_v4_multipath():
    b = rtmsg(AF_INET, 0, 101, 3, 0, 1)
    b.u32attr(RTA_TABLE, 'RTA_TABLE', 101)
    hops = Msg()
    for gateway, ifindex, weight in (('192.0.2.1', 3, 1), ('198.51.100.1', 4, 2)):
        # struct rtnexthop { u16 rtnh_len; u8 rtnh_flags; u8 rtnh_hops; int rtnh_ifindex; } + RTA_GATEWAY
        hops.field('H', 8 + 8, f'rtnh_len 16 (next hop via {gateway})')
        hops.field('B', 0, 'rtnh_flags 0')
        hops.field('B', weight - 1, f'rtnh_hops {weight - 1} (weight {weight})')
        hops.field('i', ifindex, f'rtnh_ifindex {ifindex}')
        hops.addrattr(RTA_GATEWAY, 'RTA_GATEWAY', gateway)
    b.field('H', 4 + hops.size(), f'RTA_MULTIPATH: rta_len {4 + hops.size()}')
    b.field('H', RTA_MULTIPATH, f'RTA_MULTIPATH: rta_type {RTA_MULTIPATH}')
    b.fields += hops.fields
    return nlmsghdr(RTM_NEWROUTE, 'RTM_NEWROUTE', ADD[1], ADD[0], b)


def route_delete_v4_table101():
    # protocol 0 and scope RT_SCOPE_NOWHERE 255 match any; type unicast as the route says
    b = rtmsg(AF_INET, 12, 101, 0, 255, 1)
    b.u32attr(RTA_TABLE, 'RTA_TABLE', 101)
    b.addrattr(RTA_DST, 'RTA_DST', '10.96.0.0')
    b.addrattr(RTA_GATEWAY, 'RTA_GATEWAY', '192.0.2.1')
    b.u32attr(RTA_OIF, 'RTA_OIF', 3)
    return nlmsghdr(RTM_DELROUTE, 'RTM_DELROUTE', DELETE[1], DELETE[0], b)


def rule_add_from_v4():
    b = fib_rule_hdr(AF_INET, 0, 32, 101)
    b.u32attr(FRA_PRIORITY, 'FRA_PRIORITY', 999)
    b.u32attr(FRA_TABLE, 'FRA_TABLE', 101)
    b.addrattr(FRA_SRC, 'FRA_SRC', '192.0.2.5')
    return nlmsghdr(RTM_NEWRULE, 'RTM_NEWRULE', ADD[1], ADD[0], b)


def rule_add_fwmark_v4():
    b = fib_rule_hdr(AF_INET, 0, 0, 100)
    b.u32attr(FRA_PRIORITY, 'FRA_PRIORITY', 1000)
    b.u32attr(FRA_TABLE, 'FRA_TABLE', 100)
    b.u32attr(FRA_FWMARK, 'FRA_FWMARK', 1)
    return nlmsghdr(RTM_NEWRULE, 'RTM_NEWRULE', ADD[1], ADD[0], b)


def rule_add_all_v6_table500():
    b = fib_rule_hdr(AF_INET6, 0, 0, 0)  # 500 does not fit the u8 table: FRA_TABLE carries it
    b.u32attr(FRA_PRIORITY, 'FRA_PRIORITY', 1000)
    b.u32attr(FRA_TABLE, 'FRA_TABLE', 500)
    return nlmsghdr(RTM_NEWRULE, 'RTM_NEWRULE', ADD[1], ADD[0], b)


def rule_delete_from_v4():
    b = fib_rule_hdr(AF_INET, 0, 32, 101)
    b.u32attr(FRA_PRIORITY, 'FRA_PRIORITY', 999)
    b.u32attr(FRA_TABLE, 'FRA_TABLE', 101)
    b.addrattr(FRA_SRC, 'FRA_SRC', '192.0.2.5')
    return nlmsghdr(RTM_DELRULE, 'RTM_DELRULE', DELETE[1], DELETE[0], b)


def neigh(family, ip, mac, ifindex, msg_type, name, flags):
    b = ndmsg(family, ifindex, 0x80)
    b.addrattr(NDA_DST, 'NDA_DST', ip)
    if mac:
        b.rtattr(NDA_LLADDR, 'NDA_LLADDR', bytes.fromhex(mac.replace(':', '')), mac)
    return nlmsghdr(msg_type, name, flags[1], flags[0], b)


FILES = {
    'route-add-v4-default-table101': ('ip route add default via 192.0.2.1 dev <index 3> table 101',
                                      route_add_v4_default_table101),
    'route-add-v4-table1000': ('ip route add 198.51.100.0/24 via 192.0.2.1 dev <index 3> table 1000',
                               route_add_v4_table1000),
    'route-add-v4-host-scope-link-main': ('ip route add 192.0.2.10/32 dev <index 3> scope link src 192.0.2.7',
                                          route_add_v4_host_scope_link_main),
    'route-add-v6-gateway': ('ip -6 route add 2001:db8:1::/64 via fe80::1 dev <index 3> metric 100',
                             route_add_v6_gateway),
    'route-add-v4-multipath': ('ip route add default table 101 nexthop via 192.0.2.1 dev <index 3>'
                               ' nexthop via 198.51.100.1 dev <index 4> weight 2', route_add_v4_multipath),
    'route-delete-v4-table101': ('ip route del 10.96.0.0/12 via 192.0.2.1 dev <index 3> table 101',
                                 route_delete_v4_table101),
    'rule-add-from-v4': ('ip rule add from 192.0.2.5/32 lookup 101 pref 999', rule_add_from_v4),
    'rule-add-fwmark-v4': ('ip rule add fwmark 0x1 lookup 100 pref 1000', rule_add_fwmark_v4),
    'rule-add-all-v6-table500': ('ip -6 rule add from all lookup 500 pref 1000', rule_add_all_v6_table500),
    'rule-delete-from-v4': ('ip rule del from 192.0.2.5/32 lookup 101 pref 999', rule_delete_from_v4),
    'neigh-replace-permanent-v4': ('ip neigh replace 192.0.2.1 lladdr 02:00:c0:00:02:01 dev <index 3> nud permanent',
                                   lambda: neigh(AF_INET, '192.0.2.1', '02:00:c0:00:02:01', 3, RTM_NEWNEIGH,
                                                 'RTM_NEWNEIGH', REPLACE)),
    'neigh-replace-permanent-v6': ('ip neigh replace 2001:db8::1 lladdr 02:00:c0:00:02:01 dev <index 3> nud permanent',
                                   lambda: neigh(AF_INET6, '2001:db8::1', '02:00:c0:00:02:01', 3, RTM_NEWNEIGH,
                                                 'RTM_NEWNEIGH', REPLACE)),
    'neigh-delete-v4': ('ip neigh del 192.0.2.1 dev <index 3> (state nud permanent as given)',
                        lambda: neigh(AF_INET, '192.0.2.1', None, 3, RTM_DELNEIGH, 'RTM_DELNEIGH', DELETE)),
}

for name, (command, build) in FILES.items():
    msg = build()
    with open(name + '.hex', 'w') as out:
        out.write(f'# {name}: {command}\n')
        out.write('# Request bytes (sequence 1, little-endian host order) derived from the kernel structs by\n')
        out.write('# route-rule-neigh-golden.py, not from the Java encoder; checked by RoutingRequestGoldenTest.\n')
        for data, comment in msg.fields:
            out.write(f'{data.hex(" "):<36} # {comment}\n')
