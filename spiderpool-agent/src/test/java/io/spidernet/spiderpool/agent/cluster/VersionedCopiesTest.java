package io.spidernet.spiderpool.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a copy of our own write is dropped; the informer is a map the test fills, the clock one it moves. */
class VersionedCopiesTest {
    private final Map<String, SpiderEndpoint> informer = new HashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final VersionedCopies<SpiderEndpoint> copies = new VersionedCopies<>(k -> Optional.ofNullable(informer.get(k)),
            3, Duration.ofMinutes(5), clock::get);

    private static SpiderEndpoint ep(String name, String uid, long version) {
        SpiderEndpoint ep = new SpiderEndpoint();
        ep.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name).withUid(uid)
                .withResourceVersion(Long.toString(version)).build());
        return ep;
    }

    @Test
    void aCopyIsServedUntilTheInformerDeliversTheObjectThenDropped() {
        copies.put("ns/a", ep("a", "u1", 5));
        assertThat(copies.newest("ns/a", Optional.of(ep("a", "u1", 4)))).get().extracting(e -> e.getMetadata().getResourceVersion())
                .isEqualTo("5");

        copies.seen(ep("a", "u1", 5));

        assertThat(copies.size()).isZero();
    }

    @Test
    void anOlderEventDoesNotDropANewerCopy() {
        copies.put("ns/a", ep("a", "u1", 5));
        copies.seen(ep("a", "u1", 4));
        assertThat(copies.size()).isEqualTo(1);
    }

    @Test
    void aCopyTheInformerAlreadyHasIsNotKept() {
        informer.put("ns/a", ep("a", "u1", 5)); // the watch event came before our write returned
        copies.put("ns/a", ep("a", "u1", 5));
        assertThat(copies.size()).isZero();
    }

    @Test
    void theDeletionOfTheObjectDropsItsCopyButNotACopyOfANewerObject() {
        copies.put("ns/a", ep("a", "u1", 5));
        copies.deleted(ep("a", "u1", 5));
        assertThat(copies.size()).isZero();

        copies.put("ns/a", ep("a", "u2", 9)); // a new pod's record, created after an older one was deleted at 7
        copies.deleted(ep("a", "u1", 7));
        assertThat(copies.size()).isEqualTo(1);
        copies.deleted(ep("a", "u2", 6)); // a final state unknown to the informer: older, but the same object
        assertThat(copies.size()).isZero();
    }

    @Test
    void theBackstopDropsTheOldestBeyondTheCountAndAnyBeyondTheAge() {
        for (int i = 1; i <= 4; i++) {
            clock.addAndGet(1);
            copies.put("ns/p" + i, ep("p" + i, "u" + i, i));
        }
        assertThat(copies.size()).isEqualTo(3);
        assertThat(copies.newest("ns/p1", Optional.empty())).as("the oldest went").isEmpty();
        assertThat(copies.newest("ns/p4", Optional.empty())).isPresent();

        clock.addAndGet(Duration.ofMinutes(5).toNanos() + 1);
        assertThat(copies.newest("ns/p4", Optional.empty())).as("older than five minutes").isEmpty();
        assertThat(copies.size()).isZero();
    }
}
