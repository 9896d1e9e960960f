package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import java.util.Map;

/**
 * {@code spiderpool-conf}: the conf.yml the agents (and the Helm-installed controller) read, under
 * upstream's key names, with every key written out so that what the agents do never depends on a
 * reader's defaults. Written by hand: flat scalars in a fixed order give the same bytes for the same
 * spec, which the config hash relies on.
 */
public final class AgentConfigMap {
    /** Upstream's socket path; the DaemonSet mounts its directory from the host. */
    public static final String SOCKET_PATH = "/var/run/spidernet/spiderpool.sock";

    private AgentConfigMap() {}

    public static ConfigMap render(EffectiveSpec spec, Spiderpool owner) {
        return new ConfigMapBuilder()
                .withMetadata(ManagedObjects.metadata(ManagedObjects.CONFIG_MAP_NAME, spec.context().namespace(),
                        ManagedObjects.AGENT_NAME, owner))
                .withData(Map.of(ManagedObjects.CONF_KEY, confYml(spec.ipam())))
                .build();
    }

    static String confYml(EffectiveSpec.Ipam ipam) {
        return "# rendered by spiderpool-operator from the Spiderpool object; edits are reverted\n"
                + "ipamUnixSocketPath: " + SOCKET_PATH + "\n"
                + "enableIPv4: " + ipam.enableIPv4() + "\n"
                + "enableIPv6: " + ipam.enableIPv6() + "\n"
                + "enableStatefulSet: " + ipam.enableStatefulSet() + "\n"
                + "enableKubevirtStaticIP: " + ipam.enableKubevirtStaticIP() + "\n"
                + "enableSpiderSubnet: " + ipam.enableSpiderSubnet() + "\n"
                + "enableAutoPoolForApplication: " + ipam.enableAutoPoolForApplication() + "\n"
                + "enableIPConflictDetection: " + ipam.enableIPConflictDetection() + "\n"
                + "enableGatewayDetection: " + ipam.enableGatewayDetection() + "\n";
    }
}
