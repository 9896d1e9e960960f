package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;

/**
 * One change the coordinator makes in a network namespace, as data: the planner decides them
 * from {@link PodFacts} without touching the kernel, the CNI binary's executor applies them in
 * order over netlink. Every op is idempotent when applied (an ADD retried by the runtime must not
 * fail on what the first attempt already did). MACs are lower-case {@code aa:bb:cc:dd:ee:ff}.
 */
public sealed interface NetOp {

    /**
     * A veth pair made in the pod's namespace with its peer in the host's, both up, with these
     * MACs. A pair already there under these names (a retried ADD) is kept; the planner then
     * passes the MACs it already has, so the neighbours it plans stay right.
     */
    record CreateVethPair(String podEnd, String hostEnd, int mtu, String podMac, String hostMac) implements NetOp {}

    /** Up afterwards; already up is fine. */
    record SetLinkUp(String link) implements NetOp {}

    /** The link has this MAC afterwards; setting the MAC it has is a no-op. */
    record SetMac(String link, String mac) implements NetOp {}

    /** Set (not added to), so a retry sets the same value. */
    record SetTxQueueLen(String link, int length) implements NetOp {}

    /** Present afterwards; already present (EEXIST) is fine. */
    record AddAddress(String link, Cidr address) implements NetOp {}

    /**
     * A dotted {@code net.*} key in this namespace, e.g. {@code net.ipv4.conf.all.rp_filter}; a
     * retry writes the same value again.
     */
    record SetSysctl(String key, String value) implements NetOp {}

    /** A PERMANENT entry, replacing whatever is there. */
    record ReplaceNeighbour(String link, IpAddress ip, String mac) implements NetOp {}

    /** Every entry for {@code ip}, on any link (stale ones left by an earlier pod with this IP). */
    record DeleteNeighbours(IpAddress ip) implements NetOp {}

    /** Added or replaced (NLM_F_REPLACE), so a retried ADD finds it done. */
    record AddRoute(RouteSpec route) implements NetOp {}

    /** Gone afterwards; already absent is fine. */
    record DeleteRoute(RouteSpec route) implements NetOp {}

    /** Every route to exactly {@code dst} in {@code table} (stale host routes for a reused pod IP). */
    record DeleteRoutesTo(int table, Cidr dst) implements NetOp {}

    /** Present afterwards; an identical rule already there is fine. */
    record AddRule(RuleSpec rule) implements NetOp {}

    /** Gone afterwards; already absent is fine. */
    record DeleteRule(RuleSpec rule) implements NetOp {}

    /**
     * One {@code iptables}/{@code ip6tables} rule, e.g. {@code [-t, mangle, -A, OUTPUT, -j, CONNMARK,
     * --restore-mark, --nfmask, 0xffffffff, --ctmask, 0xffffffff]}, spelled as iptables-save prints it;
     * the executor adds it only when it is missing, so a retry does not add it twice.
     */
    record Iptables(IpFamily family, List<String> args) implements NetOp {
        public Iptables {
            args = List.copyOf(args);
        }
    }

    /** Gratuitous ARP (IPv4) or unsolicited NA (IPv6) for {@code ip} from {@code link}; failures are logged, not fatal. */
    record Announce(String link, IpAddress ip) implements NetOp {}

    /** The link by name, gone afterwards; already absent is fine (DEL). */
    record DeleteLink(String link) implements NetOp {}
}
