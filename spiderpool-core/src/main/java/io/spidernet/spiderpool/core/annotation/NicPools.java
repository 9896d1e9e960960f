package io.spidernet.spiderpool.core.annotation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of {@value SpiderpoolAnnotations#IPPOOLS}: the pools of one NIC. The interface is empty
 * when the annotation addresses NICs by position instead of by name.
 *
 * @param cleanGateway when true the NIC gets no default route from its pools' gateways
 */
public record NicPools(Optional<String> interfaceName, List<String> ipv4, List<String> ipv6, boolean cleanGateway) {

    public NicPools {
        Objects.requireNonNull(interfaceName, "interfaceName");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    public PoolNames pools() {
        return new PoolNames(ipv4, ipv6);
    }
}
