package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Fixtures.CONF;
import static io.spidernet.spiderpool.core.webhook.Fixtures.pool;
import static io.spidernet.spiderpool.core.webhook.Fixtures.route;
import static io.spidernet.spiderpool.core.webhook.Fixtures.subnet;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.webhook.Fixtures.Pool;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SpiderIPPool mutation of §7.1: each step applied in one row and not applied (or warned about) in another. */
class IPPoolMutatorTest {
    private static final String V4 = "172.31.192.0/20";

    record Case(String rule, Pool pool, List<SpiderSubnet> subnets, SpiderpoolConf conf, Consumer<Mutation<SpiderIPPool>> then) {
        Case subnets(Fixtures.Subnet... s) {
            return new Case(rule, pool, Stream.of(s).map(Fixtures.Subnet::build).toList(), conf, then);
        }

        Case conf(SpiderpoolConf c) {
            return new Case(rule, pool, subnets, c, then);
        }

        @Override
        public String toString() {
            return rule;
        }
    }

    static Case row(String rule, Pool pool, Consumer<Mutation<SpiderIPPool>> then) {
        return new Case(rule, pool, List.of(), CONF, then);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"basics", "adoption", "merging"})
    void mutationStep(Case c) {
        c.then().accept(new IPPoolMutator(c.conf()).mutate(c.pool().build(), c.subnets()));
    }

    static Stream<Case> basics() {
        return Stream.of(
                row("terminating pool left alone", pool("p", V4).terminating(), m -> assertThat(m.object().getMetadata().getFinalizers()).isNullOrEmpty()),
                row("finalizer added", pool("p", V4), m -> assertThat(m.object().getMetadata().getFinalizers()).containsExactly(SpiderpoolGroup.FINALIZER)),
                row("finalizer not repeated", pool("p", V4).finalizer(), m -> assertThat(m.object().getMetadata().getFinalizers()).hasSize(1)),
                row("ipVersion 4 inferred", pool("p", V4).version(null), m -> assertThat(m.object().getSpec().getIpVersion()).isEqualTo(IpVersion.IPV4)),
                row("ipVersion 6 inferred", pool("p", "fd00::/64").version(null), m -> assertThat(m.object().getSpec().getIpVersion()).isEqualTo(IpVersion.IPV6)),
                row("ipVersion not inferred from a non-CIDR", pool("p", "172.31.192.0").version(null), m -> {
                    assertThat(m.object().getSpec().getIpVersion()).isNull();
                    assertThat(m.object().getMetadata().getLabels()).doesNotContainKey(SpiderpoolAnnotations.LABEL_IPPOOL_CIDR);
                    assertThat(m.warnings()).singleElement().asString().startsWith("spec.ipVersion: not inferred");
                }),
                row("CIDR label set", pool("p", V4), m -> assertThat(m.object().getMetadata().getLabels())
                        .containsEntry(SpiderpoolAnnotations.LABEL_IPPOOL_CIDR, "172-31-192-0-20")),
                row("IPv6 CIDR label set", pool("p", "fd00:1::/64"), m -> assertThat(m.object().getMetadata().getLabels())
                        .containsEntry(SpiderpoolAnnotations.LABEL_IPPOOL_CIDR, "fd00-1---64")),
                row("no CIDR label for a CIDR of the other family", pool("p", V4).version(IpVersion.IPV6), m -> {
                    assertThat(m.object().getMetadata().getLabels()).doesNotContainKey(SpiderpoolAnnotations.LABEL_IPPOOL_CIDR);
                    assertThat(m.warnings()).singleElement().asString().contains("expected IPv6");
                }));
    }

    static Stream<Case> adoption() {
        Fixtures.Subnet s = subnet("s", V4).gateway("172.31.192.1").routes(route("10.8.0.0/16", "172.31.192.1"));
        return Stream.of(
                row("adopted by the subnet of the same CIDR", pool("p", V4), m -> {
                    assertThat(m.object().getMetadata().getOwnerReferences()).singleElement().satisfies(IPPoolMutatorTest::isControllerRefToS);
                    assertThat(m.object().getMetadata().getLabels()).containsEntry(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, "s");
                }).subnets(subnet("other", "10.0.0.0/24"), s),
                row("no subnet of the same CIDR", pool("p", V4), m -> assertThat(m.object().getMetadata().getOwnerReferences()).isNullOrEmpty())
                        .subnets(subnet("other", "10.0.0.0/24")),
                row("subnet feature off", pool("p", V4), m -> assertThat(m.object().getMetadata().getOwnerReferences()).isNullOrEmpty())
                        .subnets(s).conf(CONF.withSpiderSubnet(false, false)),
                row("gateway and routes inherited", pool("p", V4), m -> {
                    assertThat(m.object().getSpec().getGateway()).isEqualTo("172.31.192.1");
                    assertThat(m.object().getSpec().getRoutes()).containsExactly(route("10.8.0.0/16", "172.31.192.1"));
                }).subnets(s),
                row("own gateway and empty routes kept", pool("p", V4).gateway("172.31.192.254").routes(), m -> {
                    assertThat(m.object().getSpec().getGateway()).isEqualTo("172.31.192.254");
                    assertThat(m.object().getSpec().getRoutes()).isEmpty();
                }).subnets(s),
                row("already adopted: subnet edits not inherited again", pool("p", V4).controlledBy("s"),
                        m -> assertThat(m.object().getSpec().getGateway()).isNull()).subnets(s),
                row("controlled by another subnet: warned, not adopted", pool("p", V4).controlledBy("old").label(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, "x"), m -> {
                    assertThat(m.object().getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("old");
                    assertThat(m.warnings()).singleElement().asString().contains("already controlled by SpiderSubnet 'old'");
                }).subnets(s));
    }

    static Stream<Case> merging() {
        return Stream.of(
                row("ips sorted and coalesced", pool("p", V4).ips("172.31.192.9", "172.31.192.1-172.31.192.5", "172.31.192.4-172.31.192.8"),
                        m -> assertThat(m.object().getSpec().getIps()).containsExactly("172.31.192.1-172.31.192.9")),
                row("excludeIPs sorted and coalesced", pool("p", V4).exclude("172.31.192.3", "172.31.192.2"),
                        m -> assertThat(m.object().getSpec().getExcludeIPs()).containsExactly("172.31.192.2-172.31.192.3")),
                row("single entry left as written", pool("p", V4).ips("172.31.192.1-172.31.192.1"),
                        m -> assertThat(m.object().getSpec().getIps()).containsExactly("172.31.192.1-172.31.192.1")),
                row("unreadable entry: left as written, warned", pool("p", V4).ips("172.31.192.2", "bad").exclude("172.31.192.3", "172.31.192.2"), m -> {
                    assertThat(m.object().getSpec().getIps()).containsExactly("172.31.192.2", "bad");
                    assertThat(m.object().getSpec().getExcludeIPs()).containsExactly("172.31.192.3", "172.31.192.2");
                    assertThat(m.warnings()).singleElement().asString().startsWith("spec.ips: not merged, 'bad'");
                }));
    }

    private static void isControllerRefToS(OwnerReference ref) {
        assertThat(ref.getApiVersion()).isEqualTo("spiderpool.spidernet.io/v2beta1");
        assertThat(ref.getKind()).isEqualTo("SpiderSubnet");
        assertThat(ref.getName()).isEqualTo("s");
        assertThat(ref.getUid()).isEqualTo("s-uid");
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
    }

    @Test
    void leavesTheRequestObjectUntouched() {
        SpiderIPPool input = pool("p", V4).version(null).ips("172.31.192.2", "172.31.192.1").build();
        Mutation<SpiderIPPool> m = new IPPoolMutator(CONF).mutate(input, List.of(subnet("s", V4).gateway("172.31.192.1").build()));

        assertThat(m.object()).isNotSameAs(input);
        assertThat(m.object().getSpec().getIps()).containsExactly("172.31.192.1-172.31.192.2");
        assertThat(input.getSpec().getIps()).containsExactly("172.31.192.2", "172.31.192.1");
        assertThat(input.getSpec().getIpVersion()).isNull();
        assertThat(input.getSpec().getGateway()).isNull();
        assertThat(input.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(input.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }
}
