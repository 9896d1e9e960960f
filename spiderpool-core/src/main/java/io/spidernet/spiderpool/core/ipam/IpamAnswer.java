package io.spidernet.spiderpool.core.ipam;

import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.RouteAssembler;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.selection.Selection;
import java.util.List;

/**
 * The answer to an ADD: the addresses of all the pod's NICs (the CNI plugin keeps its own NIC's),
 * their routes, warnings for the log, and the selection that led there (for explaining).
 */
public record IpamAnswer(List<IpAllocation> allocations, List<RouteAssembler.NicRoute> routes, List<String> warnings,
                         Selection selection, SpiderpoolConf conf) {

    /** Upstream's {@code IpConfig} row for one address. */
    public record IpConfig(int version, String address, String nic, String ipPool, String gateway, int vlan,
                           boolean enableGatewayDetection, boolean enableIPConflictDetection) {}

    public List<IpConfig> ipConfigs() {
        return allocations.stream().map(a -> new IpConfig(a.family().version(), a.addressWithPrefix(), a.nic(), a.pool(),
                a.gateway(), 0, conf.enableGatewayDetection(), conf.enableIPConflictDetection())).toList();
    }
}
