package io.spidernet.spiderpool.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy rules over {@code RTM_*RULE} ({@code struct fib_rule_hdr} + FRA_* attributes of
 * {@code linux/fib_rules.h}); action FR_ACT_TO_TBL only, which is all Spiderpool uses. Errors name
 * the rule in {@code ip rule} words, e.g. "add rule from 192.0.2.5/32 lookup 101 pref 999: File
 * exists (errno 17)".
 */
public final class Rules {
    static final int RTM_NEWRULE = 32;
    static final int RTM_DELRULE = 33;
    static final int RTM_GETRULE = 34;
    static final int FRA_DST = 1;
    static final int FRA_SRC = 2;
    static final int FRA_PRIORITY = 6;
    static final int FRA_FWMARK = 10;
    static final int FRA_TABLE = 15;
    static final int FRA_FWMASK = 16;
    static final int FR_ACT_TO_TBL = 1;
    /** family, dst_len, src_len, tos, table, res1, res2, action, flags (u32). */
    static final int FIB_RULE_HDR_LENGTH = 12;
    /** The mask the kernel stores and lists for a mark given without one: match it exactly. */
    private static final int EXACT_MARK = 0xffffffff;

    private Rules() {}

    /** The "lookup table" rules of {@code family} (AF_UNSPEC: both), the kernel's defaults included. */
    public static List<Rule> list(NetlinkSocket socket, int family) throws NetlinkException {
        NetlinkRequest request = new NetlinkRequest(RTM_GETRULE, NetlinkRequest.NLM_F_DUMP)
                .u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        List<Rule> rules = new ArrayList<>();
        // the kernel dumps the rules of the family asked for (all for AF_UNSPEC); decode drops non-IP ones
        for (NetlinkMessage m : socket.dump(request)) {
            Rule r = m.type() == RTM_NEWRULE ? decode(m) : null;
            if (r != null) {
                rules.add(r);
            }
        }
        return rules;
    }

    /** NLM_F_CREATE|NLM_F_EXCL: an identical rule fails with EEXIST. */
    public static void add(NetlinkSocket socket, Rule rule) throws NetlinkException {
        socket.execute(addRequest(rule), "add " + describe(rule));
    }

    /** Deletes the first rule that matches; a priority or table of 0 matches any. */
    public static void delete(NetlinkSocket socket, Rule rule) throws NetlinkException {
        socket.execute(deleteRequest(rule), "delete " + describe(rule));
    }

    static NetlinkRequest addRequest(Rule rule) {
        if (rule.table() == 0) {
            // with table 0 the kernel would make up a new empty table and point the rule at it
            throw new IllegalArgumentException(describe(rule) + " has table 0: give the table it looks up"
                    + " (254 is main)");
        }
        return encode(RTM_NEWRULE, NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_EXCL, rule);
    }

    static NetlinkRequest deleteRequest(Rule rule) {
        return encode(RTM_DELRULE, 0, rule);
    }

    /** Like routes: a table above 255 goes in FRA_TABLE alone, and FRA_TABLE is always sent. */
    private static NetlinkRequest encode(int type, int flags, Rule rule) {
        int family = familyOf(rule);
        if (rule.src() != null) {
            InetBytes.requireFamily("rule source", rule.src().address(), family);
        }
        if (rule.dst() != null) {
            InetBytes.requireFamily("rule destination", rule.dst().address(), family);
        }
        int table = rule.table();
        NetlinkRequest r = new NetlinkRequest(type, flags | NetlinkRequest.NLM_F_ACK)
                .u8(family).u8(rule.dst() == null ? 0 : rule.dst().prefixLength())
                .u8(rule.src() == null ? 0 : rule.src().prefixLength()).u8(0)
                .u8(Integer.compareUnsigned(table, 256) < 0 ? table : 0).u8(0).u8(0).u8(FR_ACT_TO_TBL).u32(0);
        if (rule.priority() != 0) {
            r.attributeU32(FRA_PRIORITY, rule.priority());
        }
        if (table != 0) {
            r.attributeU32(FRA_TABLE, table);
        }
        if (rule.src() != null) {
            r.attribute(FRA_SRC, rule.src().address().getAddress());
        }
        if (rule.dst() != null) {
            r.attribute(FRA_DST, rule.dst().address().getAddress());
        }
        if (rule.fwmark() != 0 || rule.fwmask() != 0) {
            r.attributeU32(FRA_FWMARK, rule.fwmark());
        }
        if (rule.fwmask() != 0) {
            r.attributeU32(FRA_FWMASK, rule.fwmask());
        }
        return r;
    }

    private static int familyOf(Rule rule) {
        if (InetBytes.length(rule.family()) > 0) {
            return rule.family();
        }
        IpPrefix shown = rule.src() != null ? rule.src() : rule.dst();
        if (shown == null) {
            throw new IllegalArgumentException(describe(rule) + " has family " + rule.family()
                    + ": set AF_INET (2) or AF_INET6 (10)");
        }
        return shown.family();
    }

    /** "rule from 192.0.2.5/32 lookup 101 pref 999", "IPv6 rule from all fwmark 0x1 lookup 100 pref 1000". */
    static String describe(Rule rule) {
        boolean v6 = rule.family() == RouteNetlink.AF_INET6
                || rule.family() == RouteNetlink.AF_UNSPEC && rule.src() != null && !rule.src().isIpv4();
        StringBuilder s = new StringBuilder(v6 ? "IPv6 rule from " : "rule from ")
                .append(rule.src() == null ? "all" : rule.src().toString());
        if (rule.dst() != null) {
            s.append(" to ").append(rule.dst());
        }
        if (rule.fwmark() != 0 || rule.fwmask() != 0) {
            s.append(" fwmark 0x").append(Integer.toHexString(rule.fwmark()));
            if (rule.fwmask() != 0) {
                s.append("/0x").append(Integer.toHexString(rule.fwmask()));
            }
        }
        s.append(" lookup ").append(Integer.toUnsignedString(rule.table()));
        if (rule.priority() != 0) {
            s.append(" pref ").append(Integer.toUnsignedString(rule.priority()));
        }
        return s.toString();
    }

    /** An RTM_NEWRULE as a Rule; null for another action, another family or a malformed message. */
    static Rule decode(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        if (p.remaining() < FIB_RULE_HDR_LENGTH || Byte.toUnsignedInt(p.get(7)) != FR_ACT_TO_TBL) {
            return null;
        }
        int family = Byte.toUnsignedInt(p.get(0));
        if (InetBytes.length(family) < 0) {
            return null;
        }
        NetlinkAttributes attrs = m.attributes(FIB_RULE_HDR_LENGTH);
        IpPrefix dst = prefix(attrs, FRA_DST, family, Byte.toUnsignedInt(p.get(1)));
        IpPrefix src = prefix(attrs, FRA_SRC, family, Byte.toUnsignedInt(p.get(2)));
        int fwmask = attrs.u32(FRA_FWMASK, 0);
        return new Rule(family, attrs.u32(FRA_PRIORITY, 0), attrs.u32(FRA_TABLE, Byte.toUnsignedInt(p.get(4))), src,
                dst, attrs.u32(FRA_FWMARK, 0), fwmask == EXACT_MARK ? 0 : fwmask);
    }

    private static IpPrefix prefix(NetlinkAttributes attrs, int type, int family, int length) {
        var address = length == 0 ? null : InetBytes.attribute(attrs, type, family);
        return address == null || length > InetBytes.length(family) * 8 ? null : new IpPrefix(address, length);
    }
}
