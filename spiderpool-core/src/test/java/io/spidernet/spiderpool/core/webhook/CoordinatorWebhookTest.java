package io.spidernet.spiderpool.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SpiderCoordinator admission (research notes §7.5): upstream's defaults, then one row per rule. */
class CoordinatorWebhookTest {
    private final CoordinatorMutator mutator = new CoordinatorMutator();
    private final CoordinatorValidator validator = new CoordinatorValidator();

    @Test
    void mutationSetsUpstreamsDefaultsAndTheFinalizerWithoutTouchingTheInput() {
        SpiderCoordinator sent = coordinator(s -> s.setHijackCIDR(new ArrayList<>(List.of("10.233.0.1", "fd00::1", "169.254.0.0/16"))));

        Mutation<SpiderCoordinator> m = mutator.mutate(sent);

        CoordinatorSpec s = m.object().getSpec();
        assertThat(m.warnings()).isEmpty();
        assertThat(s.getMode()).isEqualTo(CoordinatorMode.AUTO);
        assertThat(s.getTunePodRoutes()).isTrue();
        assertThat(s.getHostRuleTable()).isEqualTo(500);
        assertThat(s.getPodRPFilter()).isZero();
        assertThat(s.getTxQueueLen()).isZero();
        assertThat(s.getVethMTU()).as("Helm's value, not the webhook's").isNull();
        assertThat(s.getHijackCIDR()).containsExactly("10.233.0.1/32", "fd00::1/128", "169.254.0.0/16");
        assertThat(m.object().getMetadata().getFinalizers()).containsExactly(SpiderpoolGroup.FINALIZER);
        assertThat(sent.getSpec().getMode()).isNull();
        assertThat(validator.validateCreate(m.object()).isAllowed()).isTrue();
    }

    @Test
    void explicitValuesAreKept() {
        CoordinatorSpec s = CoordinatorMutator.withDefaults(coordinator(c -> {
            c.setMode(CoordinatorMode.UNDERLAY);
            c.setTunePodRoutes(false);
            c.setPodRPFilter(-1);
            c.setHostRuleTable(7);
        }).getSpec());

        assertThat(s.getMode()).isEqualTo(CoordinatorMode.UNDERLAY);
        assertThat(s.getTunePodRoutes()).isFalse();
        assertThat(s.getPodRPFilter()).isEqualTo(-1);
        assertThat(s.getHostRuleTable()).isEqualTo(7);
    }

    @Test
    void aMissingPodCidrTypeIsAWarningAndStopsBeforeTheFinalizer() {
        Mutation<SpiderCoordinator> m = mutator.mutate(coordinator(s -> s.setPodCIDRType(null)));

        assertThat(m.warnings()).singleElement().asString().contains("spec.podCIDRType");
        assertThat(m.object().getMetadata().getFinalizers()).isNullOrEmpty();
    }

    record Row(String name, Consumer<CoordinatorSpec> edit, String field, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> refusals() {
        return Stream.of(
                new Row("podCIDRType missing", s -> s.setPodCIDRType(null), "spec.podCIDRType", "use one of auto, cluster, calico, cilium, none"),
                new Row("hijackCIDR not a CIDR", s -> s.setHijackCIDR(List.of("10.0.0.0/33")), "spec.hijackCIDR[0]", "prefix is at most 32"),
                new Row("MAC prefix of three bytes", s -> s.setPodMACPrefix("0a:1b:2c"), "spec.podMACPrefix", "two hex bytes"),
                new Row("MAC prefix not hex", s -> s.setPodMACPrefix("0g:1b"), "spec.podMACPrefix", "two hex bytes"),
                new Row("multicast MAC prefix", s -> s.setPodMACPrefix("0b:1b"), "spec.podMACPrefix", "use e.g. '0a:1b'"),
                new Row("negative txQueueLen", s -> s.setTxQueueLen(-1), "spec.txQueueLen", "cannot be negative"),
                new Row("rp_filter 3", s -> s.setPodRPFilter(3), "spec.podRPFilter", "use one of 0, 1, 2"),
                new Row("vethLinkAddress not an IP", s -> s.setVethLinkAddress("169.254.1"), "spec.vethLinkAddress", "link-local"),
                new Row("vethMTU 0", s -> s.setVethMTU(0), "spec.vethMTU", "greater than 0"),
                new Row("policy route of two families", s -> s.setPolicyRoutes(List.of(new Route("10.0.0.0/8", "fd00::1"))),
                        "spec.policyRoutes[0].gw", "use a gw of the dst's family"),
                new Row("policy route without gw", s -> s.setPolicyRoutes(List.of(new Route("10.0.0.0/8", null))),
                        "spec.policyRoutes[0].gw", "is required"),
                new Row("policy route dst not a CIDR", s -> s.setPolicyRoutes(List.of(new Route("10.0.0.1", "10.0.0.254"))),
                        "spec.policyRoutes[0].dst", "has no '/prefix' part"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithTheFieldAndTheFix(Row row) {
        SpiderCoordinator c = mutator.mutate(coordinator(s -> { })).object();
        row.edit().accept(c.getSpec());

        for (AdmissionResult r : List.of(validator.validateCreate(c), validator.validateUpdate(c, c))) {
            assertThat(r.status()).isEqualTo(AdmissionResult.Status.INVALID);
            assertThat(r.errors()).singleElement().satisfies(e -> {
                assertThat(e.path()).isEqualTo(row.field());
                assertThat(e.detail()).contains(row.says());
            });
        }
    }

    @Test
    void acceptedEdgeValues() {
        SpiderCoordinator c = mutator.mutate(coordinator(s -> {
            s.setPodRPFilter(-1);
            s.setTxQueueLen(0);
            s.setVethMTU(1);
            s.setPodMACPrefix("0a:ff");
            s.setVethLinkAddress("fe80::1");
            s.setPolicyRoutes(List.of(new Route("fd00::/64", "fd00::1"), new Route("10.0.0.0/8", "10.0.0.1")));
        })).object();

        assertThat(validator.validateCreate(c).isAllowed()).isTrue();
    }

    private static SpiderCoordinator coordinator(Consumer<CoordinatorSpec> edit) {
        SpiderCoordinator c = new SpiderCoordinator();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(SpiderCoordinator.DEFAULT_NAME);
        c.setMetadata(meta);
        CoordinatorSpec spec = new CoordinatorSpec();
        spec.setPodCIDRType(PodCidrType.AUTO);
        edit.accept(spec);
        c.setSpec(spec);
        return c;
    }
}
