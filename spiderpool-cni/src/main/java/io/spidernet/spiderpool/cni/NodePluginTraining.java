package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.CoordinatorDefaults;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf;
import io.spidernet.spiderpool.core.coordinator.CoordinatorPlan;
import io.spidernet.spiderpool.core.coordinator.CoordinatorPlanner;
import io.spidernet.spiderpool.core.coordinator.CoordinatorSettings;
import io.spidernet.spiderpool.core.coordinator.NetOp;
import io.spidernet.spiderpool.core.coordinator.PodFacts;
import io.spidernet.spiderpool.core.coordinator.PodFacts.LinkFact;
import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.ifacer.IfacerNetConf;
import io.spidernet.spiderpool.core.ifacer.IfacerPlan;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.netlink.Addresses;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.Neighbours;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.RouteNetlink;
import io.spidernet.spiderpool.netlink.Routes;
import io.spidernet.spiderpool.netlink.Rules;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's and ifacer's side of the AOT training (the second cache, {@code
 * node-plugins.aot}, which the launcher uses for those two names only, so that the IPAM binary's
 * every exec does not load the ~400 netlink and FFM classes). Nothing here changes the build
 * machine: the planner runs on made-up facts, the kernel is only read (links, addresses, routes,
 * rules, neighbours of the build's own namespace), and entering a namespace is tried with the
 * process's own, which only root may do — without root that part is left out of the cache.
 */
final class NodePluginTraining {
    private static final String CONTAINER = "aot-training-0123456789abcdef";

    private NodePluginTraining() {}

    /** @return a line for the training log saying what ran */
    static String run() {
        int ops = planCoordinator();
        int read = readKernel();
        String netns = enterOwnNamespace();
        String ifacer = decideIfacer();
        String spawn = spawnProcess();
        return "node plugins: coordinator plan of " + ops + " ops, " + read + " kernel objects read, namespace entry "
                + netns + ", process start " + spawn + ", ifacer " + ifacer;
    }

    /** Parse, merge and plan an underlay first NIC and its DEL, and describe every op as errors would. */
    private static int planCoordinator() {
        CoordinatorNetConf conf = CoordinatorNetConf.parse(("{\"cniVersion\":\"1.0.0\",\"name\":\"aot\",\"type\":\"coordinator\","
                + "\"mode\":\"auto\",\"hijackCIDR\":[\"169.254.0.0/16\"],\"serviceCIDR\":[\"10.96.0.0/12\"],"
                + "\"overlayPodCIDR\":[\"10.244.0.0/16\"],\"podMACPrefix\":\"0a:1b\",\"txQueueLen\":1000,"
                + "\"policyRoutes\":[{\"dst\":\"198.51.100.0/24\",\"gw\":\"192.0.2.1\"}],\"vethLinkAddress\":\"169.254.100.1\","
                + "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\"}],"
                + "\"ips\":[{\"address\":\"192.0.2.10/24\",\"interface\":0}]}}").getBytes(StandardCharsets.UTF_8));
        CoordinatorSettings settings = CoordinatorSettings.merge(conf, CoordinatorDefaults.builtIn());
        PodFacts facts = new PodFacts(
                List.of(new LinkFact(1, "lo", true, false, "", "00:00:00:00:00:00", 0),
                        new LinkFact(2, "eth0", true, true, "macvlan", "02:00:00:00:00:0a", 3)),
                Map.of("lo", List.of(Cidr.parse("127.0.0.1/8")),
                        "eth0", List.of(Cidr.parse("192.0.2.10/24"), Cidr.parse("2001:db8::10/64"))),
                List.of(new RouteSpec(RouteSpec.MAIN, null, IpAddress.parse("192.0.2.1"), "eth0", RouteSpec.Scope.UNIVERSE, null),
                        new RouteSpec(RouteSpec.MAIN, Cidr.parse("192.0.2.0/24"), null, "eth0", RouteSpec.Scope.LINK,
                                IpAddress.parse("192.0.2.10"))),
                List.of(new LinkFact(3, "uplink", true, true, "veth", "02:00:00:00:00:01", 0)),
                Map.of("uplink", List.of(Cidr.parse("192.0.2.2/24"), Cidr.parse("2001:db8::2/64"))),
                Map.of(IpAddress.parse("192.0.2.10"), IpAddress.parse("192.0.2.2"),
                        IpAddress.parse("2001:db8::10"), IpAddress.parse("2001:db8::2")),
                new PodFacts.VethMacs("02:00:00:00:00:0b", "02:00:00:00:00:0c"));
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings, "eth0", CONTAINER, facts);
        List<NetOp> del = CoordinatorPlanner.planDel(CONTAINER, settings.hostRuleTable(),
                List.of(IpAddress.parse("192.0.2.10"), IpAddress.parse("2001:db8::10")));
        int described = 0;
        for (List<NetOp> ops : List.of(plan.pod(), plan.host(), del)) {
            for (NetOp op : ops) {
                described += NetOpText.describe(op).isEmpty() ? 0 : 1;
            }
        }
        return described;
    }

    /** What PodFactsReader and the executor's checks read, in the build's own namespace (read-only). */
    private static int readKernel() {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            return Links.list(socket).size() + Addresses.list(socket).size()
                    + Routes.list(socket, RouteNetlink.AF_UNSPEC, 0).size() + Rules.list(socket, RouteNetlink.AF_INET).size()
                    + Rules.list(socket, RouteNetlink.AF_INET6).size() + Neighbours.list(socket, RouteNetlink.AF_UNSPEC).size()
                    + (Routes.get(socket, InetAddress.getLoopbackAddress()) == null ? 0 : 1);
        } catch (NetlinkException e) {
            // a build sandbox without netlink: the cache then lacks the reading, not the binary
            return 0;
        }
    }

    /** PodFactsReader's path into a namespace, with the process's own: harmless, and root only. */
    private static String enterOwnNamespace() {
        try {
            int links = new PodFactsReader().read(Path.of("/proc/self/ns/net")).podLinks().size();
            return "trained (" + links + " links)";
        } catch (Exception e) {
            return "left out (" + e.getMessage() + ")";
        }
    }

    /**
     * The executor's way to iptables (ProcessBuilder, the JDK's process reaper and its thread pool,
     * some 80 classes), run on {@code true}, which changes nothing: without it every coordinator ADD
     * loads those classes from the runtime's modules instead of the cache.
     */
    private static String spawnProcess() {
        for (String candidate : List.of("/usr/bin/true", "/bin/true")) {
            if (Files.isExecutable(Path.of(candidate))) {
                try {
                    return "trained (exit " + IptablesCommand.run(candidate, List.of()).status() + ")";
                } catch (IOException e) {
                    return "left out (" + e.getMessage() + ")";
                }
            }
        }
        return "left out (no /usr/bin/true)";
    }

    /** Parse a bond-and-VLAN configuration and decide it against the build's links (read-only). */
    private static String decideIfacer() {
        IfacerNetConf conf = IfacerNetConf.parse(("{\"cniVersion\":\"1.0.0\",\"name\":\"aot\",\"type\":\"ifacer\","
                + "\"interfaces\":[\"aot-training0\",\"aot-training1\"],\"vlanID\":100,"
                + "\"bond\":{\"name\":\"aotbond0\",\"mode\":1,\"options\":\"miimon=100;primary=aot-training0\"}}")
                .getBytes(StandardCharsets.UTF_8));
        try (NetlinkHostLinks links = NetlinkHostLinks.open()) {
            return IfacerPlan.decide(conf, links.list()).steps().size() + " steps";
        } catch (CniError e) {
            return "refused as expected (" + e.getMessage() + ")";
        } catch (NetlinkException e) {
            return "left out (" + e.getMessage() + ")";
        }
    }
}
