package io.spidernet.spiderpool.core.ipam;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.FaultInjectingPoolStore;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.ReservedIPSpec;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.selection.PodFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dry run tells what the engine then does: same pool, same address, full pools named. */
class AllocationPreviewTest {
    private final FaultInjectingPoolStore store = new FaultInjectingPoolStore();
    private final SpiderpoolConf conf = SpiderpoolConf.defaults().withFamilies(true, false);
    private final PodFacts facts = new PodFacts("ns", "web-1", Map.of(), Map.of(), "node-1", Map.of(),
            new PodFacts.TopController("apps", "apps/v1", "Deployment", "ns", "web", "d-uid"));

    @Test
    void previewsTheAddressTheEngineThenAllocates() {
        store.put(pool("full", "10.2.0.0/24", List.of("10.2.0.10")));
        store.put(pool("open", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        PodAllocator allocator = new PodAllocator(new AllocationEngine(store, RetryPolicy.immediate(5), 5000), conf, "kube-system", null);
        allocator.allocate(request(new PodRef("ns", "first", "u-first")), snapshot()); // takes full's only address
        PodAllocator.Request req = request(new PodRef("ns", "web-1", "u-1"));

        AllocationPreview.Result preview = AllocationPreview.of(new PodSelector(conf, "kube-system", null)
                .select(req, snapshot()).selection(), snapshot());

        assertThat(preview.passedOver()).singleElement().satisfies(p -> {
            assertThat(p.pool()).isEqualTo("full");
            assertThat(p.reason()).startsWith("all 1 usable addresses are allocated");
        });
        // 10.0.0.10 is reserved cluster-wide
        assertThat(preview.choices()).singleElement().satisfies(c -> {
            assertThat(c.pool()).isEqualTo("open");
            assertThat(c.family()).isEqualTo(IpFamily.V4);
            assertThat(c.address()).hasToString("10.0.0.11");
        });
        IpamAnswer done = allocator.allocate(req, snapshot());
        assertThat(done.allocations()).singleElement().satisfies(a -> {
            assertThat(a.pool()).isEqualTo("open");
            assertThat(a.address()).isEqualTo(preview.choices().getFirst().address());
        });
    }

    private PodAllocator.Request request(PodRef pod) {
        return new PodAllocator.Request("eth0", pod, facts, Map.of(), Map.of(), new PoolNames(List.of("full", "open"), List.of()), false);
    }

    private PodAllocator.Snapshot snapshot() {
        SpiderReservedIP reserved = new SpiderReservedIP();
        reserved.setMetadata(new ObjectMetaBuilder().withName("r").build());
        reserved.setSpec(new ReservedIPSpec());
        reserved.getSpec().setIpVersion(IpVersion.IPV4);
        reserved.getSpec().setIps(List.of("10.0.0.10"));
        return new PodAllocator.Snapshot(store.list(), List.of(reserved));
    }
}
