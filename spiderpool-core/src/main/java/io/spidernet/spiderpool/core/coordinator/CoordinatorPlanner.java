package io.spidernet.spiderpool.core.coordinator;

import static io.spidernet.spiderpool.core.coordinator.AddContext.single;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.PodFacts.LinkFact;
import io.spidernet.spiderpool.core.coordinator.RouteSpec.Scope;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns settings and what the kernel holds into the coordinator's ops (§4.4 steps 5–21), in
 * upstream's order. Pure: the executor read {@link PodFacts} before and applies the plan after.
 */
public final class CoordinatorPlanner {
    /** The host's "from all lookup hostRuleTable" rule and the pod's fwmark rule sit at upstream's 1000. */
    public static final int RULE_PRIORITY = 1000;
    public static final int REPLY_MARK = 0x1;
    static final String DISABLE_IPV6 = "net.ipv6.conf.all.disable_ipv6";
    static final String RP_FILTER_ALL = "net.ipv4.conf.all.rp_filter";
    static final String RP_FILTER_DEFAULT = "net.ipv4.conf.default.rp_filter";

    private CoordinatorPlanner() {}

    /** The ops of ADD for {@code ifName}; an empty plan when the coordinator is disabled. */
    public static CoordinatorPlan plan(CoordinatorSettings settings, String ifName, String containerId,
            PodFacts facts) {
        if (settings.mode() == CoordinatorMode.DISABLED) {
            return new CoordinatorPlan(List.of(), List.of());
        }
        FactsView view = new FactsView(facts);
        List<Cidr> ifAddresses = view.podAddresses(ifName, EnumSet.allOf(IpFamily.class));
        if (ifAddresses.isEmpty()) {
            throw new CniError.InvalidNetworkConfig("interface \"" + ifName + "\" has no IP address the coordinator"
                    + " can route (link-local ones do not count)",
                    "chain the coordinator after a plugin that gives \"" + ifName + "\" an address (its IPAM)");
        }
        Set<IpFamily> families = EnumSet.noneOf(IpFamily.class);
        ifAddresses.forEach(c -> families.add(c.family()));
        ModeResolver.Resolved resolved = ModeResolver.resolve(settings.mode(), ifName, settings.podDefaultCniNic(),
                ModeResolver.veth0Exists(facts), ModeResolver.linkCount(facts, ifName));
        AddContext ctx = context(settings, ifName, containerId, resolved, families, ifAddresses, view);

        List<NetOp> pod = new ArrayList<>();
        List<NetOp> host = new ArrayList<>();
        pod.add(new NetOp.SetLinkUp(ifName));
        podSide(ctx, pod);
        hostSide(ctx, host);
        hijackRoutes(ctx, pod);
        if (ctx.underlay() && ctx.first()) {
            replyViaVeth(ctx, pod);
        }
        if (settings.tunePodRoutes() && (!ctx.first() || !ctx.underlay())) {
            RouteTuning.tune(ctx, pod);
        }
        policyRoutes(ctx, pod);
        return new CoordinatorPlan(pod, host);
    }

    /**
     * The ops of DEL, all in the host: the helper veth (its routes and neighbours go with it) and
     * the "to podIP lookup hostRuleTable" rules older versions left. Needs no agent and no pod
     * namespace, so DEL works when either is gone (upstream fails DEL without the agent, #4307);
     * the pod's own state dies with its namespace, and the shared "from all" host rule stays.
     *
     * @param podIps the addresses {@code ifName} still has, empty when they cannot be read
     */
    public static List<NetOp> planDel(String containerId, int hostRuleTable, List<IpAddress> podIps) {
        List<NetOp> ops = new ArrayList<>();
        ops.add(new NetOp.DeleteLink(HostInterfaces.vethNameFor(containerId)));
        for (IpAddress ip : podIps) {
            ops.add(new NetOp.DeleteRule(new RuleSpec(ip.family(), RuleSpec.ANY_PRIORITY, hostRuleTable, null,
                    single(ip), 0)));
        }
        return ops;
    }

    private static AddContext context(CoordinatorSettings s, String ifName, String containerId,
            ModeResolver.Resolved resolved, Set<IpFamily> families, List<Cidr> ifAddresses, FactsView view) {
        List<IpAddress> hostIps = hostIps(view, families);
        List<Cidr> firstNic = view.podAddresses(s.podDefaultCniNic(), EnumSet.of(IpFamily.V4));
        IpAddress v4Src = families.contains(IpFamily.V4) && !firstNic.isEmpty() ? firstNic.get(0).address() : null;
        if (resolved.mode() == CoordinatorMode.UNDERLAY) {
            return underlayContext(s, ifName, containerId, resolved, families, ifAddresses, hostIps, v4Src, view);
        }
        String podVeth = s.podDefaultCniNic();
        LinkFact eth0 = view.podLink(podVeth);
        LinkFact peer = eth0 == null || eth0.peerIndex() == 0 ? null : view.hostLink(eth0.peerIndex());
        if (peer == null) {
            throw new CniError.InvalidNetworkConfig("overlay mode for \"" + ifName + "\" needs the pod's first"
                    + " interface \"" + podVeth + "\" to be a veth with its peer in the host, and it is "
                    + (eth0 == null ? "missing" : "not"),
                    "use mode underlay when \"" + podVeth + "\" is an underlay NIC, or set podDefaultCniNic");
        }
        return new AddContext(s, ifName, resolved, families, ifAddresses, hostIps, podVeth, peer.name(), eth0.mac(),
                peer.mac(), v4Src, view);
    }

    private static AddContext underlayContext(CoordinatorSettings s, String ifName, String containerId,
            ModeResolver.Resolved resolved, Set<IpFamily> families, List<Cidr> ifAddresses, List<IpAddress> hostIps,
            IpAddress v4Src, FactsView view) {
        String hostVeth = HostInterfaces.vethNameFor(containerId);
        LinkFact podEnd = view.podLink(ModeResolver.UNDERLAY_VETH);
        LinkFact hostEnd = view.hostLink(hostVeth);
        if (podEnd != null && hostEnd != null) {
            // a retried ADD, or a later NIC: keep the pair's MACs, the neighbours already name them
            return new AddContext(s, ifName, resolved, families, ifAddresses, hostIps, podEnd.name(), hostVeth,
                    podEnd.mac(), hostEnd.mac(), v4Src, view);
        }
        if (!resolved.firstInvoke()) {
            throw new CniError.InvalidNetworkConfig("underlay mode for \"" + ifName + "\" finds "
                    + ModeResolver.UNDERLAY_VETH + " in the pod but not its host end \"" + hostVeth + "\"",
                    "delete and re-create the pod so the coordinator sets up its first interface again");
        }
        PodFacts.VethMacs macs = view.facts().vethMacs();
        if (macs == null) {
            throw new IllegalArgumentException("PodFacts.vethMacs is needed to create the veth pair " + hostVeth);
        }
        return new AddContext(s, ifName, resolved, families, ifAddresses, hostIps, ModeResolver.UNDERLAY_VETH,
                hostVeth, macs.podEnd(), macs.hostEnd(), v4Src, view);
    }

    /**
     * The node's addresses a pod must reach over the helper link: first, for each pod address, the
     * source the host uses toward it; then the addresses of host links that are the node's own
     * (not container, overlay or veth links; see {@link HostInterfaces}).
     */
    static List<IpAddress> hostIps(FactsView view, Set<IpFamily> families) {
        Set<IpAddress> ips = new LinkedHashSet<>();
        for (LinkFact link : view.facts().podLinks()) {
            if (link.name().equals("lo")) {
                continue;
            }
            for (Cidr podIp : view.podAddresses(link.name(), families)) {
                IpAddress source = view.facts().hostSourceFor().get(podIp.address());
                if (source != null && families.contains(source.family())) {
                    ips.add(source);
                }
            }
        }
        for (LinkFact link : view.facts().hostLinks()) {
            if (!HostInterfaces.isExcluded(link.name())) {
                view.hostAddresses(link.name(), families).forEach(c -> ips.add(c.address()));
            }
        }
        return List.copyOf(ips);
    }

    /** Steps 9–16 in the pod: the helper link, MAC, queue, sysctls, neighbours and host routes. */
    private static void podSide(AddContext ctx, List<NetOp> pod) {
        CoordinatorSettings s = ctx.settings();
        if (ctx.underlay() && ctx.first()) {
            pod.add(new NetOp.CreateVethPair(ctx.podVeth(), ctx.hostVeth(), s.vethMtu(), ctx.podVethMac(),
                    ctx.hostVethMac()));
            // upstream gives veth0 the IPv4 link address unless the NIC is IPv6-only (Istio, #3568)
            if (s.vethLinkAddress() != null && ctx.families().contains(IpFamily.V4)) {
                pod.add(new NetOp.AddAddress(ctx.podVeth(), single(s.vethLinkAddress())));
            }
        }
        if (!s.podMacPrefix().isEmpty()) {
            String mac = PodMac.fromPrefix(s.podMacPrefix(), ctx.ifAddresses().get(0).address());
            pod.add(new NetOp.SetMac(ctx.ifName(), mac));
            for (Cidr ip : ctx.ifAddresses()) {
                pod.add(new NetOp.Announce(ctx.ifName(), ip.address()));
            }
        }
        if (s.txQueueLen() > 0) {
            // in the pod: upstream sets it by name in the host namespace (§12 #4), on the wrong link
            pod.add(new NetOp.SetTxQueueLen(ctx.ifName(), s.txQueueLen()));
        }
        if (ctx.families().contains(IpFamily.V6)) {
            pod.add(new NetOp.SetSysctl(DISABLE_IPV6, "0"));
        }
        if (s.podRpFilter() >= 0) {
            // "default" too (upstream: "all" only), so NICs moved into the pod later start with the
            // same value; the kernel applies max(all, <link>), so this cannot lower a stricter link
            pod.add(new NetOp.SetSysctl(RP_FILTER_ALL, Integer.toString(s.podRpFilter())));
            pod.add(new NetOp.SetSysctl(RP_FILTER_DEFAULT, Integer.toString(s.podRpFilter())));
        }
        if (ctx.first()) {
            for (IpAddress hostIp : ctx.hostIps()) {
                pod.add(new NetOp.ReplaceNeighbour(ctx.podVeth(), hostIp, ctx.hostVethMac()));
            }
        }
        for (IpAddress hostIp : ctx.hostIps()) {
            RouteSpec route = new RouteSpec(ctx.table(), single(hostIp), null, ctx.podVeth(), Scope.LINK,
                    ctx.srcFor(hostIp.family()));
            pod.add(new NetOp.AddRoute(route));
            if (ctx.first()) {
                pod.add(new NetOp.AddRoute(withTable(route, RouteSpec.MAIN)));
            }
        }
    }

    /** Steps 15 and 17 in the host: neighbours, the "from all" rule, the /32 (/128) routes to the pod. */
    private static void hostSide(AddContext ctx, List<NetOp> host) {
        for (Cidr ip : ctx.ifAddresses()) {
            host.add(new NetOp.DeleteNeighbours(ip.address()));
        }
        for (Cidr ip : ctx.ifAddresses()) {
            host.add(new NetOp.ReplaceNeighbour(ctx.hostVeth(), ip.address(), ctx.podVethMac()));
        }
        int table = ctx.settings().hostRuleTable();
        for (IpFamily family : ctx.families()) {
            host.add(new NetOp.AddRule(new RuleSpec(family, RULE_PRIORITY, table, null, null, 0)));
        }
        for (Cidr ip : ctx.ifAddresses()) {
            host.add(new NetOp.DeleteRoutesTo(table, single(ip.address())));
            host.add(new NetOp.AddRoute(new RouteSpec(table, single(ip.address()), null, ctx.hostVeth(), Scope.LINK,
                    null)));
        }
    }

    /** Step 18: pod, service and hijack ranges via the node; skipped per family without a host IP of it. */
    private static void hijackRoutes(AddContext ctx, List<NetOp> pod) {
        int table = ctx.first() ? RouteSpec.MAIN : ctx.table();
        for (Cidr range : ctx.settings().hijackRoutes()) {
            IpAddress via = ctx.families().contains(range.family()) ? ctx.hostIp(range.family()) : null;
            if (via != null) {
                pod.add(new NetOp.AddRoute(new RouteSpec(table, range, via, ctx.podVeth(), Scope.UNIVERSE,
                        ctx.srcFor(range.family()))));
            }
        }
    }

    /**
     * Step 19 (underlay, first NIC): connections that came in over veth0 (kubelet probes, NodePort
     * via kube-proxy) are marked, and their replies routed back over veth0 by table 100, although
     * the pod's default route points at the underlay gateway.
     */
    private static void replyViaVeth(AddContext ctx, List<NetOp> pod) {
        String mark = "0x" + Integer.toHexString(REPLY_MARK);
        // written as iptables-save prints them (masks spelled out), so the executor can find them in its output
        String allBits = "0xffffffff";
        for (IpFamily family : ctx.families()) {
            pod.add(new NetOp.Iptables(family, List.of("-t", "mangle", "-A", "PREROUTING", "-i", ctx.podVeth(), "-m",
                    "conntrack", "--ctstate", "NEW", "-j", "MARK", "--set-xmark", mark + "/" + allBits)));
            pod.add(new NetOp.Iptables(family, List.of("-t", "mangle", "-A", "PREROUTING", "-m", "mark", "--mark", mark,
                    "-j", "CONNMARK", "--save-mark", "--nfmask", allBits, "--ctmask", allBits)));
            pod.add(new NetOp.Iptables(family, List.of("-t", "mangle", "-A", "OUTPUT", "-j", "CONNMARK",
                    "--restore-mark", "--nfmask", allBits, "--ctmask", allBits)));
        }
        for (IpFamily family : ctx.families()) {
            pod.add(new NetOp.AddRule(new RuleSpec(family, RULE_PRIORITY, ModeResolver.REPLY_TABLE, null, null,
                    REPLY_MARK)));
            IpAddress via = ctx.hostIp(family);
            if (via != null) {
                pod.add(new NetOp.AddRoute(new RouteSpec(ModeResolver.REPLY_TABLE, Cidr.parse(family.defaultRouteDst()),
                        via, ctx.podVeth(), Scope.UNIVERSE, ctx.srcFor(family))));
            }
        }
    }

    /** Step 21: the user's routes out of this NIC; main for the first underlay NIC, else its table. */
    private static void policyRoutes(AddContext ctx, List<NetOp> pod) {
        int table = ctx.underlay() && ctx.first() ? RouteSpec.MAIN : ctx.table();
        for (CoordinatorSettings.PolicyRouteSpec r : ctx.settings().policyRoutes()) {
            if (ctx.families().contains(r.dst().family())) {
                pod.add(new NetOp.AddRoute(new RouteSpec(table, r.dst(), r.gw(), ctx.ifName(), Scope.UNIVERSE, null)));
            }
        }
    }

    static RouteSpec withTable(RouteSpec r, int table) {
        return new RouteSpec(table, r.dst(), r.via(), r.dev(), r.scope(), r.src());
    }
}
