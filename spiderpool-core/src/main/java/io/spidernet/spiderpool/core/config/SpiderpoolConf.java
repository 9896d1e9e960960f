package io.spidernet.spiderpool.core.config;

import io.spidernet.spiderpool.core.ip.IpFamily;

/**
 * The IPAM switches of upstream's {@code spiderpool-conf} ConfigMap ({@code conf.yml}) that the
 * core logic needs. The apps read the ConfigMap once and hand this record in; core never reads it.
 *
 * @param enableIPv4 families served and accepted by the webhooks
 * @param enableIPv6 families served and accepted by the webhooks
 * @param enableStatefulSet StatefulSet pods keep their addresses across re-creation
 * @param enableKubevirtStaticIP KubeVirt VMs keep their addresses
 * @param enableSpiderSubnet the SpiderSubnet feature (pool ownership, containment checks)
 * @param enableAutoPoolForApplication pools created per application from a subnet
 * @param enableIPConflictDetection flag handed to the CNI plugin with each address
 * @param enableGatewayDetection flag handed to the CNI plugin with each address
 * @param enableValidatingResourcesDeletedWebhook refuse deleting pools/subnets that are in use
 * @param maxAllocatedIPs upper bound of records per pool (upstream SPIDERPOOL_IPPOOL_MAX_ALLOCATED_IPS)
 * @param clusterSubnetDefaultFlexibleIPNumber spare IPs an auto-pool gets on top of the replica count
 *        when the application does not say ({@code ipam.spidernet.io/ippool-ip-number} absent).
 *        Named after the chart key the docs describe. Upstream's chart writes that key but its Go
 *        code reads {@code clusterSubnetAutoPoolDefaultRedundantIPNumber}, so upstream always ends
 *        up with 0 spare IPs although the chart and docs say 1; we honour the documented key, and
 *        {@link #defaults()} carries the chart's default of 1.
 */
public record SpiderpoolConf(
        boolean enableIPv4,
        boolean enableIPv6,
        boolean enableStatefulSet,
        boolean enableKubevirtStaticIP,
        boolean enableSpiderSubnet,
        boolean enableAutoPoolForApplication,
        boolean enableIPConflictDetection,
        boolean enableGatewayDetection,
        boolean enableValidatingResourcesDeletedWebhook,
        int maxAllocatedIPs,
        int clusterSubnetDefaultFlexibleIPNumber) {

    /** The chart's {@code clusterSubnetDefaultFlexibleIPNumber}. */
    public static final int DEFAULT_FLEXIBLE_IP_NUMBER = 1;

    public SpiderpoolConf {
        if (clusterSubnetDefaultFlexibleIPNumber < 0) {
            throw new IllegalArgumentException("clusterSubnetDefaultFlexibleIPNumber must not be negative: "
                    + clusterSubnetDefaultFlexibleIPNumber);
        }
    }

    /** Without the flexible-IP default, which then is the chart's; for readers that predate the key. */
    public SpiderpoolConf(boolean enableIPv4, boolean enableIPv6, boolean enableStatefulSet,
            boolean enableKubevirtStaticIP, boolean enableSpiderSubnet, boolean enableAutoPoolForApplication,
            boolean enableIPConflictDetection, boolean enableGatewayDetection,
            boolean enableValidatingResourcesDeletedWebhook, int maxAllocatedIPs) {
        this(enableIPv4, enableIPv6, enableStatefulSet, enableKubevirtStaticIP, enableSpiderSubnet,
                enableAutoPoolForApplication, enableIPConflictDetection, enableGatewayDetection,
                enableValidatingResourcesDeletedWebhook, maxAllocatedIPs, DEFAULT_FLEXIBLE_IP_NUMBER);
    }

    /** Upstream's Helm defaults. */
    public static SpiderpoolConf defaults() {
        return new SpiderpoolConf(true, true, true, true, true, true, false, false, false, 5000,
                DEFAULT_FLEXIBLE_IP_NUMBER);
    }

    public boolean enabled(IpFamily family) {
        return family == IpFamily.V4 ? enableIPv4 : enableIPv6;
    }

    public SpiderpoolConf withFamilies(boolean v4, boolean v6) {
        return new SpiderpoolConf(v4, v6, enableStatefulSet, enableKubevirtStaticIP, enableSpiderSubnet,
                enableAutoPoolForApplication, enableIPConflictDetection, enableGatewayDetection,
                enableValidatingResourcesDeletedWebhook, maxAllocatedIPs, clusterSubnetDefaultFlexibleIPNumber);
    }

    public SpiderpoolConf withSpiderSubnet(boolean subnet, boolean autoPool) {
        return new SpiderpoolConf(enableIPv4, enableIPv6, enableStatefulSet, enableKubevirtStaticIP, subnet,
                autoPool, enableIPConflictDetection, enableGatewayDetection,
                enableValidatingResourcesDeletedWebhook, maxAllocatedIPs, clusterSubnetDefaultFlexibleIPNumber);
    }

    public SpiderpoolConf withDeleteGuard(boolean guard) {
        return new SpiderpoolConf(enableIPv4, enableIPv6, enableStatefulSet, enableKubevirtStaticIP,
                enableSpiderSubnet, enableAutoPoolForApplication, enableIPConflictDetection,
                enableGatewayDetection, guard, maxAllocatedIPs, clusterSubnetDefaultFlexibleIPNumber);
    }

    public SpiderpoolConf withDefaultFlexibleIpNumber(int spare) {
        return new SpiderpoolConf(enableIPv4, enableIPv6, enableStatefulSet, enableKubevirtStaticIP,
                enableSpiderSubnet, enableAutoPoolForApplication, enableIPConflictDetection,
                enableGatewayDetection, enableValidatingResourcesDeletedWebhook, maxAllocatedIPs, spare);
    }
}
