package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Fixtures.subnet;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SpiderSubnet mutation of §7.2: each step applied in one row and not applied (or warned about) in another. */
class SubnetMutatorTest {
    private static final String V4 = "10.6.0.0/16";

    record Case(String rule, Fixtures.Subnet subnet, Consumer<Mutation<SpiderSubnet>> then) {
        @Override
        public String toString() {
            return rule;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void mutationStep(Case c) {
        c.then().accept(new SubnetMutator().mutate(c.subnet().build()));
    }

    static Stream<Case> steps() {
        return Stream.of(
                new Case("terminating subnet left alone", subnet("s", V4).terminating().version(null), m -> {
                    assertThat(m.object().getMetadata().getFinalizers()).isNullOrEmpty();
                    assertThat(m.object().getSpec().getIpVersion()).isNull();
                }),
                new Case("finalizer added", subnet("s", V4), m -> assertThat(m.object().getMetadata().getFinalizers())
                        .containsExactly(SpiderpoolGroup.FINALIZER)),
                new Case("ipVersion 6 inferred", subnet("s", "fd00:6::/64").version(null),
                        m -> assertThat(m.object().getSpec().getIpVersion()).isEqualTo(IpVersion.IPV6)),
                new Case("ipVersion not inferred from a non-CIDR", subnet("s", "10.6.0.0/40").version(null), m -> {
                    assertThat(m.object().getSpec().getIpVersion()).isNull();
                    assertThat(m.warnings()).singleElement().asString().contains("an IPv4 prefix is at most 32");
                }),
                new Case("subnet-cidr label set", subnet("s", V4), m -> assertThat(m.object().getMetadata().getLabels())
                        .containsEntry(SpiderpoolAnnotations.LABEL_SUBNET_CIDR, "10-6-0-0-16")),
                new Case("no label for a CIDR of the other family", subnet("s", V4).version(IpVersion.IPV6), m -> {
                    assertThat(m.object().getMetadata().getLabels()).doesNotContainKey(SpiderpoolAnnotations.LABEL_SUBNET_CIDR);
                    assertThat(m.warnings()).singleElement().asString().contains("expected IPv6");
                }),
                new Case("ips and excludeIPs merged", subnet("s", V4).ips("10.6.0.10-10.6.0.20", "10.6.0.1-10.6.0.10")
                        .exclude("10.6.0.2", "10.6.0.1"), m -> {
                    assertThat(m.object().getSpec().getIps()).containsExactly("10.6.0.1-10.6.0.20");
                    assertThat(m.object().getSpec().getExcludeIPs()).containsExactly("10.6.0.1-10.6.0.2");
                }),
                new Case("unreadable excludeIPs warned, ips still merged", subnet("s", V4).ips("10.6.0.2", "10.6.0.1")
                        .exclude("10.6.0.1", "fd00::1"), m -> {
                    assertThat(m.object().getSpec().getIps()).containsExactly("10.6.0.1-10.6.0.2");
                    assertThat(m.object().getSpec().getExcludeIPs()).containsExactly("10.6.0.1", "fd00::1");
                    assertThat(m.warnings()).singleElement().asString().startsWith("spec.excludeIPs: not merged");
                }));
    }

    @Test
    void leavesTheRequestObjectUntouched() {
        SpiderSubnet input = subnet("s", V4).version(null).ips("10.6.0.2", "10.6.0.1").build();
        Mutation<SpiderSubnet> m = new SubnetMutator().mutate(input);

        assertThat(m.object().getSpec().getIps()).containsExactly("10.6.0.1-10.6.0.2");
        assertThat(input.getSpec().getIps()).containsExactly("10.6.0.2", "10.6.0.1");
        assertThat(input.getSpec().getIpVersion()).isNull();
        assertThat(input.getMetadata().getLabels()).isEmpty();
    }
}
