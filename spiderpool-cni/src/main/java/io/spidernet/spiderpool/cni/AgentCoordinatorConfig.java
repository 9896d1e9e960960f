package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.cni.WireReader.MalformedWireException;
import io.spidernet.spiderpool.core.coordinator.CoordinatorDefaults;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's GetCoordinatorConfig answer (ipam.proto's CoordinatorConfig, fields 1 to 13) as
 * core's {@link CoordinatorDefaults}, field for field; and back, for the AOT training's stand-in agent.
 */
final class AgentCoordinatorConfig {
    private AgentCoordinatorConfig() {}

    static CoordinatorDefaults decode(WireReader in) throws MalformedWireException {
        String[] text = {"", "", "", ""}; // mode 1, pod_mac_prefix 7, pod_default_route_nic 8, veth_link_address 12
        long[] number = {0, 0, 0, 0}; // host_rule_table 9, pod_rp_filter 10, tx_queue_len 11, veth_mtu 13
        List<String> overlay = new ArrayList<>();
        List<String> service = new ArrayList<>();
        List<String> hijack = new ArrayList<>();
        List<CoordinatorNetConf.PolicyRoute> routes = new ArrayList<>();
        boolean tunePodRoutes = false;
        for (int f = in.next(); f != 0; f = in.next()) {
            switch (f) {
                case 1, 7, 8, 12 -> {
                    if (in.is(WireReader.LENGTH_DELIMITED)) {
                        text[f == 1 ? 0 : f == 7 ? 1 : f == 8 ? 2 : 3] = in.string();
                    }
                }
                case 9, 10, 11, 13 -> {
                    if (in.is(WireReader.VARINT)) {
                        number[f == 13 ? 3 : f - 9] = in.int64();
                    }
                }
                case 2 -> AgentReply.addString(in, overlay);
                case 3 -> AgentReply.addString(in, service);
                case 5 -> AgentReply.addString(in, hijack);
                case 4 -> tunePodRoutes = in.is(WireReader.VARINT) ? in.bool() : tunePodRoutes;
                case 6 -> {
                    if (in.is(WireReader.LENGTH_DELIMITED)) {
                        routes.add(policyRoute(in.message()));
                    }
                }
                default -> in.skip();
            }
        }
        return new CoordinatorDefaults(text[0], overlay, service, tunePodRoutes, hijack, routes, text[1], text[2],
                number[0], number[1], number[2], text[3], number[3]);
    }

    /** PolicyRoute: dst = 1, gw = 2. */
    private static CoordinatorNetConf.PolicyRoute policyRoute(WireReader in) throws MalformedWireException {
        String dst = "";
        String gw = "";
        for (int f = in.next(); f != 0; f = in.next()) {
            switch (f) {
                case 1 -> dst = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : dst;
                case 2 -> gw = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : gw;
                default -> in.skip();
            }
        }
        return new CoordinatorNetConf.PolicyRoute(dst, gw);
    }

    static WireWriter encode(CoordinatorDefaults c) {
        WireWriter out = new WireWriter().string(1, c.mode()).strings(2, c.overlayPodCidr()).strings(3, c.serviceCidr())
                .bool(4, c.tunePodRoutes()).strings(5, c.hijackCidr());
        for (CoordinatorNetConf.PolicyRoute r : c.policyRoutes()) {
            out.message(6, new WireWriter().string(1, r.dst()).string(2, r.gw()));
        }
        return out.string(7, c.podMacPrefix()).string(8, c.podDefaultRouteNic()).int64(9, c.hostRuleTable())
                .int64(10, c.podRpFilter()).int64(11, c.txQueueLen()).string(12, c.vethLinkAddress()).int64(13, c.vethMtu());
    }
}
