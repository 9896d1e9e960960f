package io.spidernet.spiderpool.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointNicsTest {

    @Test
    void replaceOrAppendReplacesByNameAndKeepsFirstOrder() {
        List<IPAllocationDetail> have = List.of(nic("eth0", "10.0.0.1/24"), nic("net1", "10.1.0.1/24"));
        List<IPAllocationDetail> out = EndpointNics.replaceOrAppend(have,
                List.of(nic("net2", "10.2.0.1/24"), nic("eth0", "10.0.0.9/24")));
        assertThat(out).containsExactly(nic("eth0", "10.0.0.9/24"), nic("net1", "10.1.0.1/24"), nic("net2", "10.2.0.1/24"));
    }

    @Test
    void nothingHeldIsAnEmptyStart() {
        assertThat(EndpointNics.replaceOrAppend(null, List.of(nic("eth0", "10.0.0.1/24")))).hasSize(1);
        assertThat(EndpointNics.replaceOrAppend(null, List.of())).isEmpty();
    }

    private static IPAllocationDetail nic(String name, String ipv4) {
        return new IPAllocationDetail(name, ipv4, null, "pool-" + name, null, null, null, null, null, List.of(), null);
    }
}
