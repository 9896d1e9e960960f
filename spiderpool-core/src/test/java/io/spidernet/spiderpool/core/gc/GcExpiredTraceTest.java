package io.spidernet.spiderpool.core.gc;

import static io.spidernet.spiderpool.core.gc.GcFixtures.INVALID_SLOT;
import static io.spidernet.spiderpool.core.gc.GcFixtures.STATELESS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.VALID_SLOT;
import static io.spidernet.spiderpool.core.gc.GcFixtures.at;
import static io.spidernet.spiderpool.core.gc.GcFixtures.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.gc.TraceEntry.Cause;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trace worker's decision once an entry's stop time has passed. */
class GcExpiredTraceTest {
    private static final TraceEntry ENTRY = new TraceEntry("web", "app-1", "uid-1", "node-1", Cause.TERMINATING,
            at(30), "pod web/app-1 is terminating");
    private static final SpiderEndpoint DUAL_STACK = endpoint("web", "app-1", "uid-1",
            "v4=10.6.0.5/24", "v6=fd00::5/64", "v4-net2=10.7.0.5/24");

    @Test
    void endpointGoneMeansDone() {
        assertThat(ExpiredTrace.decide(ENTRY, Optional.empty(), STATELESS)).isEqualTo(new ExpiredTrace.Done(
                "pod web/app-1 (UID uid-1): its SpiderEndpoint is already gone"));
    }

    @Test
    void endpointOfAnotherUidIsLeftToTheScan() {
        SpiderEndpoint newer = endpoint("web", "app-1", "uid-2", "v4=10.6.0.9/24");
        assertThat(ExpiredTrace.decide(ENTRY, Optional.of(newer), STATELESS)).isEqualTo(
                new ExpiredTrace.LeaveToScanAll("pod web/app-1 (UID uid-1): its SpiderEndpoint now belongs to UID uid-2"));
    }

    @Test
    void statelessPodReleasesEveryAddressOfItsEndpointAndOnlyRemovesTheFinalizer() {
        assertThat(ExpiredTrace.decide(ENTRY, Optional.of(DUAL_STACK), STATELESS))
                .isInstanceOfSatisfying(ExpiredTrace.Release.class, r -> {
                    assertThat(r.addresses()).containsExactly(new PoolIp("v4", "10.6.0.5"), new PoolIp("v6", "fd00::5"),
                            new PoolIp("v4-net2", "10.7.0.5"));
                    assertThat(r.podUid()).isEqualTo("uid-1");
                    assertThat(r.deleteEndpoint()).isFalse(); // the pod's ownerReference takes it
                    assertThat(r.reason()).isEqualTo("pod web/app-1 (UID uid-1): terminating and past"
                            + " 2026-03-01T12:00:30Z; freeing [10.6.0.5 of pool v4, fd00::5 of pool v6,"
                            + " 10.7.0.5 of pool v4-net2]");
                });
    }

    @Test
    void staticPodNoLongerValidAlsoDeletesItsEndpoint() {
        assertThat(ExpiredTrace.decide(ENTRY, Optional.of(DUAL_STACK), INVALID_SLOT))
                .isInstanceOfSatisfying(ExpiredTrace.Release.class, r -> assertThat(r.deleteEndpoint()).isTrue());
    }

    @Test
    void staticPodValidAgainKeepsItsAddresses() {
        assertThat(ExpiredTrace.decide(ENTRY, Optional.of(DUAL_STACK), VALID_SLOT))
                .isInstanceOf(ExpiredTrace.KeepFixedSlot.class);
    }

    @Test
    void endpointAddressesWithoutPoolNameNothing() {
        SpiderEndpoint empty = endpoint("web", "app-1", "uid-1");
        assertThat(PoolIp.of(empty)).isEmpty();
        assertThat(PoolIp.of(new SpiderEndpoint())).isEqualTo(List.of());
    }
}
