package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.InterfaceDetail;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.Route;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.RouteAssembler.NicRoute;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.selection.Selection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Between the engine's answer, the endpoint record and the wire. Answers are built from the
 * record, never from the engine's answer directly, so the first ADD, a repeated ADD and a CHECK
 * say exactly the same thing. A NIC's routes are recorded as answered (default route included),
 * so a repeated ADD cannot come back with different routes after a pool's spec changed.
 */
public final class Replies {
    private Replies() {}

    /** One record entry per NIC of the answer, in the order the answer has them. */
    public static List<IPAllocationDetail> details(IpamAnswer answer) {
        Set<String> cleanGateway = answer.selection().nics().stream().filter(Selection.NicCandidates::cleanGateway)
                .map(Selection.NicCandidates::nic).collect(Collectors.toSet());
        Map<String, List<IpAllocation>> byNic = new LinkedHashMap<>();
        answer.allocations().forEach(a -> byNic.computeIfAbsent(a.nic(), n -> new ArrayList<>()).add(a));
        List<IPAllocationDetail> out = new ArrayList<>();
        byNic.forEach((nic, allocations) -> out.add(detail(nic, allocations, answer.routes(), cleanGateway.contains(nic))));
        return out;
    }

    private static IPAllocationDetail detail(String nic, List<IpAllocation> allocations, List<NicRoute> routes, boolean clean) {
        IpAllocation v4 = allocations.stream().filter(a -> a.family() == IpFamily.V4).findFirst().orElse(null);
        IpAllocation v6 = allocations.stream().filter(a -> a.family() == IpFamily.V6).findFirst().orElse(null);
        boolean hasGateway = allocations.stream().anyMatch(a -> a.gateway() != null && !a.gateway().isEmpty());
        List<io.spidernet.spiderpool.core.model.Route> nicRoutes = routes.stream().filter(r -> r.ifName().equals(nic))
                .map(r -> new io.spidernet.spiderpool.core.model.Route(r.dst(), r.gw())).toList();
        return new IPAllocationDetail(nic,
                v4 == null ? null : v4.addressWithPrefix(), v6 == null ? null : v6.addressWithPrefix(),
                v4 == null ? null : v4.pool(), v6 == null ? null : v6.pool(), 0L,
                v4 == null ? null : v4.gateway(), v6 == null ? null : v6.gateway(),
                hasGateway ? clean : null, nicRoutes, null);
    }

    /** The IPv4 then the IPv6 entry of a recorded NIC. */
    public static List<IpConfig> ipConfigs(IPAllocationDetail d, SpiderpoolConf conf) {
        List<IpConfig> out = new ArrayList<>(2);
        if (d.ipv4() != null) {
            out.add(ipConfig(4, d.ipv4(), d, d.ipv4Pool(), d.ipv4Gateway(), conf));
        }
        if (d.ipv6() != null) {
            out.add(ipConfig(6, d.ipv6(), d, d.ipv6Pool(), d.ipv6Gateway(), conf));
        }
        return out;
    }

    private static IpConfig ipConfig(int version, String address, IPAllocationDetail d, String pool, String gateway,
                                     SpiderpoolConf conf) {
        return IpConfig.newBuilder().setVersion(version).setAddress(address).setNic(d.nic()).setIpPool(nz(pool))
                .setGateway(nz(gateway)).setVlan(d.vlan() == null ? 0 : d.vlan().intValue()).setMac(nz(d.mac()))
                .setEnableGatewayDetection(conf.enableGatewayDetection())
                .setEnableIpConflictDetection(conf.enableIPConflictDetection()).build();
    }

    public static List<Route> routes(IPAllocationDetail d) {
        return d.routes() == null ? List.of() : d.routes().stream()
                .map(r -> Route.newBuilder().setIfName(d.nic()).setDst(r.dst()).setGw(r.gw()).build()).toList();
    }

    public static WorkloadEndpoint workloadEndpoint(EndpointRecord e) {
        WorkloadEndpoint.Builder b = WorkloadEndpoint.newBuilder().setPodNamespace(e.namespace()).setPodName(e.name())
                .setPodUid(e.uid()).setNode(nz(e.current().node()));
        for (IPAllocationDetail d : e.nics()) {
            b.addInterfaces(InterfaceDetail.newBuilder().setInterface(d.nic()).setIpv4(nz(d.ipv4())).setIpv6(nz(d.ipv6()))
                    .setMac(nz(d.mac())).setVlan(d.vlan() == null ? 0 : d.vlan().intValue())
                    .setIpv4Pool(nz(d.ipv4Pool())).setIpv6Pool(nz(d.ipv6Pool()))
                    .setIpv4Gateway(nz(d.ipv4Gateway())).setIpv6Gateway(nz(d.ipv6Gateway()))
                    .addAllRoutes(routes(d)));
        }
        return b.build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
