package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFamily;

/**
 * A policy rule "[from SRC] [to DST] [fwmark M] lookup TABLE" at PRIORITY.
 *
 * @param from   null for "from all"
 * @param to     null for "to all"
 * @param fwmark 0 for none
 */
public record RuleSpec(IpFamily family, int priority, int table, Cidr from, Cidr to, int fwmark) {}
