package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.PolicyRoute;
import io.spidernet.spiderpool.core.coordinator.CoordinatorDefaults;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf;
import java.util.ArrayList;
import java.util.List;

/** The agent's GetCoordinatorConfig answer as core's {@link CoordinatorDefaults}, field for field. */
final class AgentCoordinatorConfig {
    private AgentCoordinatorConfig() {}

    static CoordinatorDefaults toDefaults(CoordinatorConfig c) {
        List<CoordinatorNetConf.PolicyRoute> routes = new ArrayList<>(c.getPolicyRoutesCount());
        for (PolicyRoute r : c.getPolicyRoutesList()) {
            routes.add(new CoordinatorNetConf.PolicyRoute(r.getDst(), r.getGw()));
        }
        return new CoordinatorDefaults(c.getMode(), c.getOverlayPodCidrList(), c.getServiceCidrList(),
                c.getTunePodRoutes(), c.getHijackCidrList(), routes, c.getPodMacPrefix(), c.getPodDefaultRouteNic(),
                c.getHostRuleTable(), c.getPodRpFilter(), c.getTxQueueLen(), c.getVethLinkAddress(), c.getVethMtu());
    }
}
