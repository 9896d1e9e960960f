package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Allocations per node: by the endpoint of each record's uid, listed nodes with zero, unknown holders under "". */
class PoolNodeUsageTest {
    @Test
    void recordsCountOnTheirEndpointsNodeAndListedNodesShowEvenIdle() {
        List<AllocationRecord> records = List.of(new AllocationRecord("a/web-0", "u-0"), new AllocationRecord("a/web-1", "u-1"),
                new AllocationRecord("a/web-2", "u-2"), new AllocationRecord("a/gone", "u-9"));
        Map<String, String> nodeOfUid = Map.of("u-0", "node-b", "u-1", "node-b", "u-2", "node-c", "u-other", "node-a");

        assertThat(PoolNodeUsage.of(records, nodeOfUid, List.of("node-b", "node-a")))
                .containsExactly(Map.entry("", 1L), Map.entry("node-a", 0L), Map.entry("node-b", 2L), Map.entry("node-c", 1L));
    }

    @Test
    void anEmptyUnboundPoolHasNoNodes() {
        assertThat(PoolNodeUsage.of(List.of(), Map.of("u-0", "node-a"), List.of())).isEmpty();
    }
}
