package io.spidernet.spiderpool.core.allocation;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.function.Consumer;

/** Test fixtures: pools built in one line. */
public final class Pools {
    private Pools() {}

    public static SpiderIPPool pool(String name, String subnet, List<String> ips) {
        return pool(name, subnet, ips, spec -> { });
    }

    public static SpiderIPPool pool(String name, String subnet, List<String> ips, Consumer<IPPoolSpec> tweak) {
        SpiderIPPool p = new SpiderIPPool();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setSubnet(subnet);
        spec.setIpVersion(IpVersion.of(Cidr.parse(subnet).family()));
        spec.setIps(ips);
        tweak.accept(spec);
        p.setSpec(spec);
        return p;
    }
}
