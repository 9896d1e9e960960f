package io.spidernet.spiderpool.core.selection;

import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;

/**
 * The pool names one NIC asks for, per family, as written (wildcards not yet expanded).
 *
 * @param network the NetworkAttachmentDefinition ({@code ns/name}) this NIC comes from, or null
 *                when unknown; only pools that set {@code multusName} look at it
 */
public record NicRequest(String nic, List<String> ipv4Pools, List<String> ipv6Pools, boolean cleanGateway,
                         String network) {
    public NicRequest {
        ipv4Pools = ipv4Pools == null ? List.of() : List.copyOf(ipv4Pools);
        ipv6Pools = ipv6Pools == null ? List.of() : List.copyOf(ipv6Pools);
    }

    public List<String> pools(IpFamily family) {
        return family == IpFamily.V4 ? ipv4Pools : ipv6Pools;
    }
}
