package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFamily;

/**
 * A policy rule "[from SRC] [to DST] [fwmark M] lookup TABLE" at PRIORITY.
 *
 * @param from   null for "from all"
 * @param to     null for "to all"
 * @param fwmark 0 for none
 * @param priority {@link #ANY_PRIORITY} only in {@link NetOp.DeleteRule}: the rule at whatever priority
 *                 it has (the request carries no FRA_PRIORITY)
 */
public record RuleSpec(IpFamily family, int priority, int table, Cidr from, Cidr to, int fwmark) {
    /** Rules older coordinators added without a priority, which the kernel chose; DEL must match any. */
    public static final int ANY_PRIORITY = -1;
}
