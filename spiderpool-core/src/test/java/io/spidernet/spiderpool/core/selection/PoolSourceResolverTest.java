package io.spidernet.spiderpool.core.selection;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.annotation.AnnotationException;
import io.spidernet.spiderpool.core.annotation.NamespaceDefaults;
import io.spidernet.spiderpool.core.annotation.PodIpamAnnotations;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolSourceResolverTest {
    private static final PodFacts.TopController DEPLOY =
            new PodFacts.TopController("apps", "v1", "Deployment", "team-a", "web", "d-uid");
    private static final PodFacts POD = new PodFacts("team-a", "web-1", Map.of(), Map.of(), "node-1", Map.of(), DEPLOY);
    private static final String SUBNET = "{\"interface\":\"eth0\",\"ipv4\":[\"subnet-v4\"]}";
    private static final String IPPOOLS = "[{\"interface\":\"eth0\",\"ipv4\":[\"from-ippools\"]}]";
    private static final String IPPOOL = "{\"ipv4\":[\"from-ippool\"]}";
    private static final String NS = "[\"from-namespace\"]";

    private static final List<SpiderIPPool> POOLS = List.of(
            pool("cluster-default", "10.9.0.0/24", List.of("10.9.0.1"), s -> s.setDefault(true)),
            pool("cluster-default-v6", "fd09::/120", List.of("fd09::1"), s -> s.setDefault(true)),
            pool("not-default", "10.8.0.0/24", List.of("10.8.0.1")),
            autoPool());

    private static SpiderIPPool autoPool() {
        SpiderIPPool p = pool("auto4-web-eth0-d", "10.7.0.0/24", List.of("10.7.0.1"));
        p.setMetadata(new ObjectMetaBuilder(p.getMetadata()).addToLabels(Map.of(
                "ipam.spidernet.io/owner-spider-subnet", "subnet-v4",
                "ipam.spidernet.io/owner-application-kind", "Deployment",
                "ipam.spidernet.io/owner-application-namespace", "team-a",
                "ipam.spidernet.io/owner-application-name", "web",
                "ipam.spidernet.io/owner-application-uid", "d-uid",
                "ipam.spidernet.io/interface", "eth0",
                "ipam.spidernet.io/ip-version", "IPv4")).build());
        return p;
    }

    private static PoolSourceResolver.Resolved resolve(Map<String, String> podAnno, String nsDefault, PoolNames cni) {
        return resolve("eth0", podAnno, nsDefault, cni, SpiderpoolConf.defaults());
    }

    private static PoolSourceResolver.Resolved resolve(String nic, Map<String, String> podAnno, String nsDefault,
                                                       PoolNames cni, SpiderpoolConf conf) {
        Map<String, String> ns = nsDefault == null ? Map.of() : Map.of("ipam.spidernet.io/default-ipv4-ippool", nsDefault);
        return PoolSourceResolver.resolve(new PoolSourceResolver.Inputs(nic, POD, PodIpamAnnotations.parse(podAnno),
                NamespaceDefaults.parse(ns), cni, false, "kube-system", "kube-system/calico"), POOLS, conf);
    }

    static Stream<Arguments> precedence() {
        PoolNames cni = new PoolNames(List.of("from-cni"), List.of());
        return Stream.of(
                Arguments.of("subnet beats everything", Map.of("ipam.spidernet.io/subnet", SUBNET,
                        "ipam.spidernet.io/ippools", IPPOOLS, "ipam.spidernet.io/ippool", IPPOOL), NS, cni,
                        PoolSource.SUBNET_ANNOTATION, "auto4-web-eth0-d"),
                Arguments.of("ippools beats ippool", Map.of("ipam.spidernet.io/ippools", IPPOOLS,
                        "ipam.spidernet.io/ippool", IPPOOL), NS, cni, PoolSource.IPPOOLS_ANNOTATION, "from-ippools"),
                Arguments.of("ippool beats namespace", Map.of("ipam.spidernet.io/ippool", IPPOOL), NS, cni,
                        PoolSource.IPPOOL_ANNOTATION, "from-ippool"),
                Arguments.of("namespace beats CNI config", Map.of(), NS, cni, PoolSource.NAMESPACE_DEFAULT, "from-namespace"),
                Arguments.of("CNI config beats cluster default", Map.of(), null, cni, PoolSource.CNI_CONFIG_DEFAULT, "from-cni"),
                Arguments.of("cluster default last", Map.of(), null, PoolNames.none(), PoolSource.CLUSTER_DEFAULT, "cluster-default"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void theFirstLevelThatNamesPoolsWins(String name, Map<String, String> podAnno, String ns, PoolNames cni,
                                         PoolSource source, String firstV4) {
        PoolSourceResolver.Resolved r = resolve(podAnno, ns, cni);
        assertThat(r.source()).isEqualTo(source);
        assertThat(r.nics().getFirst().ipv4Pools()).first().isEqualTo(firstV4);
    }

    @Test
    void clusterDefaultsAreGroupedByFamily() {
        PoolSourceResolver.Resolved r = resolve(Map.of(), null, PoolNames.none());
        assertThat(r.nics().getFirst().ipv4Pools()).containsExactly("cluster-default");
        assertThat(r.nics().getFirst().ipv6Pools()).containsExactly("cluster-default-v6");
    }

    @Test
    void withNothingNamedTheErrorSaysWhatToSet() {
        assertThatThrownBy(() -> PoolSourceResolver.resolve(new PoolSourceResolver.Inputs("eth0", POD,
                PodIpamAnnotations.none(), NamespaceDefaults.parse(Map.of()), PoolNames.none(), false, "kube-system", null),
                List.of(), SpiderpoolConf.defaults()))
                .isInstanceOf(IpamException.NoAvailablePool.class)
                .hasMessageContaining("set the pod annotation ipam.spidernet.io/ippool");
    }

    @Test
    void unnamedIppoolsItemsArePositional() {
        Map<String, String> anno = Map.of("ipam.spidernet.io/ippools",
                "[{\"ipv4\":[\"a\"],\"cleangateway\":false},{\"ipv4\":[\"b\"],\"cleangateway\":true}]");
        PoolSourceResolver.Resolved r = resolve(anno, null, PoolNames.none());
        assertThat(r.nics()).extracting(NicRequest::nic).containsExactly("eth0", "net1");
        assertThat(r.nics()).extracting(NicRequest::cleanGateway).containsExactly(false, true);
    }

    @Test
    void namedIppoolsMustListTheCurrentNic() {
        assertThatThrownBy(() -> resolve("net1", Map.of("ipam.spidernet.io/ippools", IPPOOLS), null, PoolNames.none(),
                SpiderpoolConf.defaults())).isInstanceOf(AnnotationException.class).hasMessageContaining("net1");
    }

    @Test
    void theNetworkOfEachNicComesFromMultusAnnotations() {
        Map<String, String> anno = new HashMap<>();
        anno.put("ipam.spidernet.io/ippools", "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]},{\"interface\":\"net1\",\"ipv4\":[\"b\"]}]");
        anno.put("k8s.v1.cni.cncf.io/networks", "macvlan-1");
        PoolSourceResolver.Resolved r = resolve(anno, null, PoolNames.none());
        assertThat(r.nics()).extracting(NicRequest::network).containsExactly("kube-system/calico", "team-a/macvlan-1");

        anno.put("v1.multus-cni.io/default-network", "macvlan-0");
        assertThat(resolve(anno, null, PoolNames.none()).nics().getFirst().network()).isEqualTo("kube-system/macvlan-0");
    }

    @Test
    void subnetAnnotationsNeedTheFeatureAndAController() {
        Map<String, String> anno = Map.of("ipam.spidernet.io/subnet", SUBNET);
        assertThatThrownBy(() -> resolve("eth0", anno, null, PoolNames.none(), SpiderpoolConf.defaults().withSpiderSubnet(true, false)))
                .isInstanceOf(IpamException.WrongInput.class).hasMessageContaining("enableAutoPoolForApplication=false");

        PodFacts orphan = new PodFacts("team-a", "lone", Map.of(), Map.of(), "node-1", Map.of(), null);
        assertThatThrownBy(() -> PoolSourceResolver.resolve(new PoolSourceResolver.Inputs("eth0", orphan,
                PodIpamAnnotations.parse(anno), NamespaceDefaults.parse(Map.of()), PoolNames.none(), false, "kube-system", null),
                POOLS, SpiderpoolConf.defaults())).isInstanceOf(IpamException.WrongInput.class).hasMessageContaining("has no controller");
    }

    @Test
    void aMissingApplicationPoolIsNotReadyYet() {
        Map<String, String> anno = Map.of("ipam.spidernet.io/subnet", "{\"interface\":\"eth0\",\"ipv4\":[\"other-subnet\"]}");
        assertThatThrownBy(() -> resolve(anno, null, PoolNames.none()))
                .isInstanceOf(IpamException.AutoPoolNotReady.class)
                .hasMessageContaining("from SpiderSubnet other-subnet does not exist yet");
    }
}
