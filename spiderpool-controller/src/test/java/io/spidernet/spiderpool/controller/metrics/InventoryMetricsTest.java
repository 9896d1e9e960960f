package io.spidernet.spiderpool.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inventory gauges under upstream's names, from what the API holds. */
@EnableKubernetesMockClient(crud = true)
class InventoryMetricsTest {
    KubernetesClient client;

    @Test
    void poolCountsAndWithDebugEachPoolsTotalAndAvailableAddresses() throws IOException {
        for (String plural : List.of("spiderippools", "spidersubnets", "spiderreservedips")) {
            try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/" + plural + ".spiderpool.spidernet.io.yaml"))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
        }
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName("p").build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.3.0.0/24");
        spec.setIps(List.of("10.3.0.1-10.3.0.10"));
        pool.setSpec(spec);
        SpiderIPPool created = client.resource(pool).create();
        created.setStatus(new IPPoolStatus("{\"10.3.0.1\":{\"pod\":\"ns/a\",\"podUid\":\"u\"}}", 10L, 1L));
        client.resource(created).updateStatus();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new InventoryMetrics(client, registry, Duration.ofMinutes(2), true).renew();

        assertThat(registry.get("spiderpool_total_ippool_counts").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("spiderpool_total_subnet_counts").gauge().value()).isZero();
        assertThat(registry.get("spiderpool_debug_ippool_total_ip_counts").tag("SpiderIPPool", "p").gauge().value()).isEqualTo(10.0);
        assertThat(registry.get("spiderpool_debug_ippool_available_ip_counts").tag("SpiderIPPool", "p").gauge().value()).isEqualTo(9.0);
    }
}
