package io.spidernet.spiderpool.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.ReservedIPSpec;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import io.spidernet.spiderpool.core.model.SubnetStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Small builders for webhook tests: a pool or subnet as it looks after mutation, unless told otherwise. */
final class Fixtures {
    static final SpiderpoolConf CONF = SpiderpoolConf.defaults();
    static final String TERMINATING_SINCE = "2026-01-01T00:00:00Z";

    private Fixtures() {}

    static Pool pool(String name, String cidr) {
        return new Pool(name, cidr);
    }

    static Subnet subnet(String name, String cidr) {
        return new Subnet(name, cidr);
    }

    static SpiderReservedIP reserved(IpVersion version, String... ips) {
        SpiderReservedIP r = new SpiderReservedIP();
        r.setMetadata(meta("reserved"));
        ReservedIPSpec spec = new ReservedIPSpec();
        spec.setIpVersion(version);
        spec.setIps(ips.length == 0 ? null : new ArrayList<>(List.of(ips)));
        r.setSpec(spec);
        return r;
    }

    static LabelSelector selector(String... keyValues) {
        LabelSelectorBuilder b = new LabelSelectorBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.addToMatchLabels(keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    static Route route(String dst, String gw) {
        return new Route(dst, gw);
    }

    static ObjectMeta meta(String name) {
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        m.setUid(name + "-uid");
        m.setLabels(new HashMap<>());
        return m;
    }

    /** Accepted, or rejected with this status at this path with a detail containing this text. */
    record Expect(AdmissionResult.Status status, String path, String detail) {
        static final Expect ALLOWED = new Expect(AdmissionResult.Status.ALLOWED, null, null);

        static Expect invalid(String path, String detail) {
            return new Expect(AdmissionResult.Status.INVALID, path, detail);
        }

        static Expect forbidden(String path, String detail) {
            return new Expect(AdmissionResult.Status.FORBIDDEN, path, detail);
        }

        static Expect alreadyExists(String path, String detail) {
            return new Expect(AdmissionResult.Status.ALREADY_EXISTS, path, detail);
        }

        void check(AdmissionResult result) {
            assertThat(result.status()).as("%s", result.errors()).isEqualTo(status);
            if (path != null) {
                assertThat(result.errors()).as("errors").anySatisfy(e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.detail()).contains(detail);
                });
            }
        }

        @Override
        public String toString() {
            return path == null ? "allowed" : status + " " + path;
        }
    }

    /** Shared address fields; {@code ipVersion} follows {@code subnet} unless set. */
    abstract static class Address<B extends Address<B>> {
        final ObjectMeta meta;
        String cidr;
        IpVersion version;
        List<String> ips;
        List<String> excludeIPs;
        String gateway;
        List<Route> routes;

        Address(String name, String cidr) {
            this.meta = meta(name);
            this.cidr = cidr;
            try {
                this.version = IpVersion.of(Cidr.parse(cidr).family());
            } catch (IllegalArgumentException e) {
                this.version = null;
            }
        }

        abstract B self();

        B ips(String... v) {
            ips = new ArrayList<>(List.of(v));
            return self();
        }

        B exclude(String... v) {
            excludeIPs = new ArrayList<>(List.of(v));
            return self();
        }

        B gateway(String v) {
            gateway = v;
            return self();
        }

        B routes(Route... v) {
            routes = new ArrayList<>(List.of(v));
            return self();
        }

        B version(IpVersion v) {
            version = v;
            return self();
        }

        B label(String key, String value) {
            meta.getLabels().put(key, value);
            return self();
        }

        B finalizer() {
            meta.setFinalizers(new ArrayList<>(List.of(SpiderpoolGroup.FINALIZER)));
            return self();
        }

        B terminating() {
            meta.setDeletionTimestamp(TERMINATING_SINCE);
            return self();
        }
    }

    static final class Pool extends Address<Pool> {
        private IPPoolStatus status;
        private LabelSelector podAffinity;

        Pool(String name, String cidr) {
            super(name, cidr);
        }

        @Override
        Pool self() {
            return this;
        }

        Pool podAffinity(LabelSelector s) {
            podAffinity = s;
            return this;
        }

        Pool controlledBy(String subnetName) {
            meta.setOwnerReferences(new ArrayList<>(List.of(new OwnerReferenceBuilder().withApiVersion(SpiderpoolGroup.API_VERSION)
                    .withKind("SpiderSubnet").withName(subnetName).withUid(subnetName + "-uid").withController(true).build())));
            return label(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, subnetName);
        }

        /** {@code ip, pod, ip, pod, ...} into status.allocatedIPs. */
        Pool allocated(String... ipPod) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < ipPod.length; i += 2) {
                json.append(i == 0 ? "" : ",").append('"').append(ipPod[i]).append("\":{\"pod\":\"").append(ipPod[i + 1])
                        .append("\",\"podUid\":\"u").append(i).append("\"}");
            }
            status = new IPPoolStatus(json.append('}').toString(), null, (long) ipPod.length / 2);
            return this;
        }

        Pool allocatedCount(long n) {
            status = new IPPoolStatus(null, null, n);
            return this;
        }

        SpiderIPPool build() {
            SpiderIPPool p = new SpiderIPPool();
            p.setMetadata(meta);
            IPPoolSpec spec = new IPPoolSpec();
            spec.setIpVersion(version);
            spec.setSubnet(cidr);
            spec.setIps(ips);
            spec.setExcludeIPs(excludeIPs);
            spec.setGateway(gateway);
            spec.setRoutes(routes);
            spec.setPodAffinity(podAffinity);
            p.setSpec(spec);
            p.setStatus(status);
            return p;
        }
    }

    static final class Subnet extends Address<Subnet> {
        private final SubnetStatus status = new SubnetStatus();

        Subnet(String name, String cidr) {
            super(name, cidr);
        }

        @Override
        Subnet self() {
            return this;
        }

        /** Raw {@code status.controlledIPPools} JSON. */
        Subnet controlled(String json) {
            status.setControlledIPPools(json);
            return this;
        }

        Subnet allocatedCount(long n) {
            status.setAllocatedIPCount(n);
            return this;
        }

        SpiderSubnet build() {
            SpiderSubnet s = new SpiderSubnet();
            s.setMetadata(meta);
            SubnetSpec spec = new SubnetSpec();
            spec.setIpVersion(version);
            spec.setSubnet(cidr);
            spec.setIps(ips);
            spec.setExcludeIPs(excludeIPs);
            spec.setGateway(gateway);
            spec.setRoutes(routes);
            s.setSpec(spec);
            s.setStatus(status);
            return s;
        }
    }
}
