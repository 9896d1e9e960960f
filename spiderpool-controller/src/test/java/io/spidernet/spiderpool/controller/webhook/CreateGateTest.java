package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the gate remembers between an admitted create and the cache showing the object. */
class CreateGateTest {
    private final List<SpiderSubnet> cache = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final CreateGate<SpiderSubnet> gate = new CreateGate<>(() -> cache, now::get, Duration.ofSeconds(10));

    /** Refuses when anything else is known, like "one subnet per CIDR". */
    private static AdmissionResult alone(Collection<SpiderSubnet> known) {
        return known.isEmpty() ? AdmissionResult.allowed()
                : AdmissionResult.of(List.of(FieldError.invalid("spec.subnet", null, "taken by " + known.iterator().next()
                        .getMetadata().getName())));
    }

    @Test
    void anAdmittedCreateCountsUntilTheCacheShowsItThenTheCacheVersionDoes() {
        assertThat(gate.admit(subnet("a"), CreateGateTest::alone).isAllowed()).isTrue();
        assertThat(gate.admit(subnet("b"), CreateGateTest::alone).errors().getFirst().detail()).isEqualTo("taken by a");

        cache.add(subnet("a"));
        assertThat(gate.admit(subnet("c"), known -> {
            assertThat(known).hasSize(1);
            return alone(known);
        }).isAllowed()).isFalse();
    }

    @Test
    void aCreateTheApiServerNeverStoredIsForgottenAfterTheHold() {
        gate.admit(subnet("ghost"), CreateGateTest::alone);
        now.addAndGet(Duration.ofSeconds(10).toNanos());

        assertThat(gate.admit(subnet("b"), CreateGateTest::alone).isAllowed()).isTrue();
    }

    @Test
    void aRetriedCreateOfTheSameNameIsNotRefusedByItsOwnEarlierAdmission() {
        gate.admit(subnet("a"), CreateGateTest::alone);

        assertThat(gate.admit(subnet("a"), CreateGateTest::alone).isAllowed()).isTrue();
    }

    private static SpiderSubnet subnet(String name) {
        SpiderSubnet s = new SpiderSubnet();
        s.setMetadata(new ObjectMetaBuilder().withName(name).build());
        return s;
    }
}
