package io.spidernet.spiderpool.netlink;

/**
 * A routing policy rule ({@code RTM_NEWRULE}, {@code struct fib_rule_hdr} + FRA_* attributes).
 *
 * @param src    FRA_SRC with the header's src_len, null for "from all"
 * @param dst    FRA_DST with dst_len, null for "to all"
 * @param fwmark FRA_FWMARK, 0 for none
 * @param fwmask FRA_FWMASK, 0 for none (the kernel then matches the mark exactly)
 */
public record Rule(int family, int priority, int table, IpPrefix src, IpPrefix dst, int fwmark, int fwmask) {}
