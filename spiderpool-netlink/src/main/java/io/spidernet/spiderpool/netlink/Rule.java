package io.spidernet.spiderpool.netlink;

/**
 * A routing policy rule ({@code RTM_NEWRULE}, {@code struct fib_rule_hdr} + FRA_* attributes).
 *
 * @param priority FRA_PRIORITY ({@code pref}); 0 lets the kernel pick one on add and matches any on delete
 * @param table    FRA_TABLE, the table the rule looks up; 0 matches any on delete
 * @param src      FRA_SRC with the header's src_len, null for "from all"
 * @param dst      FRA_DST with dst_len, null for "to all"
 * @param fwmark   FRA_FWMARK, 0 for none
 * @param fwmask   FRA_FWMASK, 0 for none (the kernel then matches the mark exactly, and lists the
 *                 mask as 0xffffffff, which {@link Rules#list} reports as 0 again)
 */
public record Rule(int family, int priority, int table, IpPrefix src, IpPrefix dst, int fwmark, int fwmask) {

    /** {@code ip rule add from <src> lookup <table> pref <priority>}. */
    public static Rule from(IpPrefix src, int table, int priority) {
        return new Rule(src.family(), priority, table, src, null, 0, 0);
    }

    /** {@code ip [-6] rule add from all lookup <table> pref <priority>}. */
    public static Rule fromAll(int family, int table, int priority) {
        return new Rule(family, priority, table, null, null, 0, 0);
    }

    /** {@code ip [-6] rule add fwmark <mark> lookup <table> pref <priority>}: the exact mark. */
    public static Rule fwmark(int family, int mark, int table, int priority) {
        return new Rule(family, priority, table, null, null, mark, 0);
    }
}
