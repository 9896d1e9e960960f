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
        int maxAllocatedIPs) {

    /** Upstream's Helm defaults. */
    public static SpiderpoolConf defaults() {
        return new SpiderpoolConf(true, true, true, true, true, true, false, false, false, 5000);
    }

    public boolean enabled(IpFamily family) {
        return family == IpFamily.V4 ? enableIPv4 : enableIPv6;
    }

    public SpiderpoolConf withFamilies(boolean v4, boolean v6) {
        return new SpiderpoolConf(v4, v6, enableStatefulSet, enableKubevirtStaticIP, enableSpiderSubnet,
                enableAutoPoolForApplication, enableIPConflictDetection, enableGatewayDetection,
                enableValidatingResourcesDeletedWebhook, maxAllocatedIPs);
    }

    public SpiderpoolConf withSpiderSubnet(boolean subnet, boolean autoPool) {
        return new SpiderpoolConf(enableIPv4, enableIPv6, enableStatefulSet, enableKubevirtStaticIP, subnet,
                autoPool, enableIPConflictDetection, enableGatewayDetection,
                enableValidatingResourcesDeletedWebhook, maxAllocatedIPs);
    }

    public SpiderpoolConf withDeleteGuard(boolean guard) {
        return new SpiderpoolConf(enableIPv4, enableIPv6, enableStatefulSet, enableKubevirtStaticIP,
                enableSpiderSubnet, enableAutoPoolForApplication, enableIPConflictDetection,
                enableGatewayDetection, guard, maxAllocatedIPs);
    }
}
