package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf.PolicyRoute;
import java.util.List;

/**
 * The agent's answer to GetCoordinatorConfig (message {@code CoordinatorConfig} of
 * {@code spiderpool/agent/v1/ipam.proto}, field for field; the CNI binary maps the proto onto
 * this): the SpiderCoordinator's spec, its discovered {@code status.overlayPodCIDR} and
 * {@code status.serviceCIDR}, and the pod annotation {@code ipam.spidernet.io/default-route-nic}
 * already folded into {@code podDefaultRouteNic}. Values are as received; {@link
 * CoordinatorSettings#merge} checks them. Like the proto, nothing here is "unset": a zero
 * {@code hostRuleTable} or {@code vethMtu} and an empty {@code mode} mean the built-in default.
 */
public record CoordinatorDefaults(String mode, List<String> overlayPodCidr, List<String> serviceCidr,
        boolean tunePodRoutes, List<String> hijackCidr, List<PolicyRoute> policyRoutes, String podMacPrefix,
        String podDefaultRouteNic, long hostRuleTable, long podRpFilter, long txQueueLen, String vethLinkAddress,
        long vethMtu) {

    public static final int DEFAULT_HOST_RULE_TABLE = 500;
    public static final int DEFAULT_VETH_MTU = 1500;

    public CoordinatorDefaults {
        mode = mode == null ? "" : mode;
        overlayPodCidr = List.copyOf(overlayPodCidr);
        serviceCidr = List.copyOf(serviceCidr);
        hijackCidr = List.copyOf(hijackCidr);
        policyRoutes = List.copyOf(policyRoutes);
        podMacPrefix = podMacPrefix == null ? "" : podMacPrefix;
        podDefaultRouteNic = podDefaultRouteNic == null ? "" : podDefaultRouteNic;
        vethLinkAddress = vethLinkAddress == null ? "" : vethLinkAddress;
    }

    /**
     * Upstream's hard defaults, for when no agent answer is to be had (DEL without the agent) and
     * as the bottom of the precedence. Not the Helm chart's: it adds {@code hijackCIDR
     * 169.254.0.0/16} to the SpiderCoordinator it creates, which then arrives through the agent.
     */
    public static CoordinatorDefaults builtIn() {
        return new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(), List.of(), "", "",
                DEFAULT_HOST_RULE_TABLE, 0, 0, "", DEFAULT_VETH_MTU);
    }
}
