package io.spidernet.spiderpool.core.allocation;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationEngineTest {
    private final FaultInjectingPoolStore store = new FaultInjectingPoolStore();
    private final AllocationEngine engine = new AllocationEngine(store, RetryPolicy.immediate(5), 5000);
    private final PodRef pod = new PodRef("default", "app-1", "uid-1");

    private List<IpAllocation> allocateV4(PodRef who, String... pools) {
        return engine.allocate(new AllocationPlan(who, List.of(new AllocationTarget("eth0", IpFamily.V4, List.of(pools))), Map.of()));
    }

    @Test
    void takesTheLowestAddressNotExcludedReservedOrAllocated() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20"), s -> s.setExcludeIPs(List.of("10.0.0.10"))));
        allocateV4(new PodRef("default", "other", "uid-0"), "p");           // takes .11
        IpSet reserved = IpSet.parse(IpFamily.V4, List.of("10.0.0.12"));

        List<IpAllocation> got = engine.allocate(new AllocationPlan(pod,
                List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("p"))), Map.of(IpFamily.V4, reserved)));

        assertThat(got).singleElement().satisfies(a -> {
            assertThat(a.addressWithPrefix()).isEqualTo("10.0.0.13/24");
            assertThat(a.pool()).isEqualTo("p");
            assertThat(a.fresh()).isTrue();
        });
    }

    @Test
    void writesTheLedgerInUpstreamsExactFormat() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        allocateV4(pod, "p");
        allocateV4(new PodRef("kube-system", "b", "uid-2"), "p");

        var status = store.read("p").orElseThrow().getStatus();
        assertThat(status.getAllocatedIPs()).isEqualTo(
                "{\"10.0.0.10\":{\"pod\":\"default/app-1\",\"podUid\":\"uid-1\"},"
                        + "\"10.0.0.11\":{\"pod\":\"kube-system/b\",\"podUid\":\"uid-2\"}}");
        assertThat(status.getAllocatedIPCount()).isEqualTo(2L);
    }

    @Test
    void aRepeatedRequestReturnsTheSameAddressWithoutWriting() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        IpAllocation first = allocateV4(pod, "p").getFirst();
        int writes = store.writeCount();

        IpAllocation again = allocateV4(pod, "p").getFirst();

        assertThat(again.address()).isEqualTo(first.address());
        assertThat(again.fresh()).isFalse();
        assertThat(store.writeCount()).isEqualTo(writes);
    }

    @Test
    void fallsBackThroughTheCandidatesAndNamesEveryRefusal() {
        store.put(pool("full", "10.0.0.0/24", List.of("10.0.0.10")));
        store.put(pool("next", "10.0.1.0/24", List.of("10.0.1.10")));
        allocateV4(new PodRef("default", "x", "uid-x"), "full");

        assertThat(allocateV4(pod, "full", "next").getFirst().pool()).isEqualTo("next");
        assertThatThrownBy(() -> allocateV4(new PodRef("default", "y", "uid-y"), "full", "next", "missing"))
                .isInstanceOf(IpamException.IpUsedOut.class)
                .hasMessageContaining("IPPool full: all 1 usable addresses are allocated")
                .hasMessageContaining("IPPool next: all 1 usable addresses are allocated")
                .hasMessageContaining("IPPool missing: does not exist");
    }

    @Test
    void twoNicsNeverShareAPoolAndSoNeverAnAddress() {
        // upstream gives both NICs the one address the pool holds for the pod UID (upstream-ipam §13.6)
        store.put(pool("a", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        store.put(pool("b", "10.0.1.0/24", List.of("10.0.1.10-10.0.1.20")));

        List<IpAllocation> got = engine.allocate(new AllocationPlan(pod, List.of(
                new AllocationTarget("eth0", IpFamily.V4, List.of("a")),
                new AllocationTarget("net1", IpFamily.V4, List.of("a", "b"))), Map.of()));
        assertThat(got).extracting(IpAllocation::nic, IpAllocation::pool).containsExactly(
                org.assertj.core.groups.Tuple.tuple("eth0", "a"), org.assertj.core.groups.Tuple.tuple("net1", "b"));

        PodRef other = new PodRef("default", "app-2", "uid-2");
        assertThatThrownBy(() -> engine.allocate(new AllocationPlan(other, List.of(
                new AllocationTarget("eth0", IpFamily.V4, List.of("a")),
                new AllocationTarget("net1", IpFamily.V4, List.of("a"))), Map.of())))
                .isInstanceOf(IpamException.WrongInput.class)
                .hasMessageContaining("IPPool a: already gives NIC eth0 its address, and a pool holds one address per pod;"
                        + " give NIC net1 a pool of its own");
        // all or nothing: eth0's address was given back
        assertThat(PoolLedger.of(store.read("a").orElseThrow()).records()).hasSize(1);
    }

    @Test
    void dualStackIsAllOrNothing() {
        store.put(pool("v4", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        store.put(pool("v6", "fd00::/120", List.of("fd00::10")));
        engine.allocate(new AllocationPlan(new PodRef("default", "x", "uid-x"),
                List.of(new AllocationTarget("eth0", IpFamily.V6, List.of("v6"))), Map.of()));

        AllocationPlan plan = new AllocationPlan(pod, List.of(
                new AllocationTarget("eth0", IpFamily.V4, List.of("v4")),
                new AllocationTarget("eth0", IpFamily.V6, List.of("v6"))), Map.of());

        assertThatThrownBy(() -> engine.allocate(plan)).isInstanceOf(IpamException.IpUsedOut.class);
        assertThat(PoolLedger.of(store.read("v4").orElseThrow()).allocatedCount()).isZero();
    }

    @Test
    void aFailedRetryDoesNotReleaseWhatThePodAlreadyHeldBefore() {
        store.put(pool("v4", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        store.put(pool("v6", "fd00::/120", List.of()));
        allocateV4(pod, "v4");

        AllocationPlan plan = new AllocationPlan(pod, List.of(
                new AllocationTarget("eth0", IpFamily.V4, List.of("v4")),
                new AllocationTarget("eth0", IpFamily.V6, List.of("v6"))), Map.of());

        assertThatThrownBy(() -> engine.allocate(plan)).isInstanceOf(IpamException.class);
        assertThat(PoolLedger.of(store.read("v4").orElseThrow()).addressOf("uid-1")).isPresent();
    }

    @Test
    void lostWriteRacesAreRetriedOnAFreshRead() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        store.conflictOnNextWrites(4);

        assertThat(allocateV4(pod, "p").getFirst().address().toString()).isEqualTo("10.0.0.10");
        assertThat(store.conflictCount()).isEqualTo(4);
    }

    @Test
    void aPoolThatNeverSettlesEndsInRetriesExhausted() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        store.conflictOnNextWrites(5);

        assertThatThrownBy(() -> allocateV4(pod, "p"))
                .isInstanceOf(IpamException.RetriesExhausted.class)
                .hasMessageContaining("retries exhausted");
    }

    @Test
    void aConcurrentWriterNeverGetsTheSameAddress() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        PodRef rival = new PodRef("default", "rival", "uid-r");
        AllocationEngine other = new AllocationEngine(store, RetryPolicy.immediate(5), 5000);
        boolean[] once = {true};
        store.beforeWrite(name -> {
            if (once[0]) {
                once[0] = false;
                other.allocate(new AllocationPlan(rival, List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("p"))), Map.of()));
            }
        });

        IpAllocation mine = allocateV4(pod, "p").getFirst();

        assertThat(mine.address().toString()).isEqualTo("10.0.0.11");
        assertThat(PoolLedger.of(store.read("p").orElseThrow()).addressOf("uid-r")).hasValueSatisfying(
                ip -> assertThat(ip.toString()).isEqualTo("10.0.0.10"));
    }

    @Test
    void releaseRemovesOnlyThisUidsRecord() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        allocateV4(pod, "p");
        PodRef sameNameNewPod = new PodRef("default", "app-1", "uid-2");
        allocateV4(sameNameNewPod, "p");

        var released = engine.release(pod, List.of("p", "p", "gone"));

        assertThat(released).extracting(r -> r.address().toString()).containsExactly("10.0.0.10");
        PoolLedger ledger = PoolLedger.of(store.read("p").orElseThrow());
        assertThat(ledger.addressOf("uid-1")).isEmpty();
        assertThat(ledger.addressOf("uid-2")).isPresent();
        assertThat(engine.release(pod, List.of("p"))).isEmpty();
    }

    @Test
    void releaseRecordsFreesAnAddressOnlyWhileTheJudgedUidStillHoldsIt() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        allocateV4(pod, "p");                                                // .10 under uid-1
        allocateV4(new PodRef("default", "app-2", "uid-2"), "p");            // .11 under uid-2
        int writes = store.writeCount();

        var freed = engine.releaseRecords("p", Map.of("10.0.0.10", "uid-1", "10.0.0.11", "uid-judged-earlier",
                "10.0.0.12", "uid-x"));

        assertThat(freed).extracting(r -> r.pool() + " " + r.address()).containsExactly("p 10.0.0.10");
        assertThat(store.writeCount()).isEqualTo(writes + 1);
        PoolLedger ledger = PoolLedger.of(store.read("p").orElseThrow());
        assertThat(ledger.addressOf("uid-1")).isEmpty();
        assertThat(ledger.addressOf("uid-2")).isPresent();
        assertThat(engine.releaseRecords("p", Map.of("10.0.0.10", "uid-1"))).as("nothing left to free").isEmpty();
        assertThat(store.writeCount()).as("and nothing written for it").isEqualTo(writes + 1);
        assertThat(engine.releaseRecords("gone", Map.of("10.0.0.11", "uid-2"))).isEmpty();
    }

    @Test
    void releaseRecordsThatKeepLosingWriteRacesEndInRetriesExhausted() {
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        allocateV4(pod, "p");
        store.conflictOnNextWrites(5);

        assertThatThrownBy(() -> engine.releaseRecords("p", Map.of("10.0.0.10", "uid-1")))
                .isInstanceOf(IpamException.RetriesExhausted.class)
                .hasMessageContaining("IPPool p lost 5 consecutive write races");
        assertThat(PoolLedger.of(store.read("p").orElseThrow()).addressOf("uid-1")).isPresent();
    }

    @Test
    void aSlash64Ipv6PoolWorksWithoutEnumeratingIt() {
        store.put(pool("v6", "fd00:1::/64", List.of("fd00:1::-fd00:1::ffff:ffff:ffff:ffff"),
                s -> { s.setGateway("fd00:1::1"); s.setExcludeIPs(List.of("fd00:1::-fd00:1::1")); }));

        IpAllocation a = engine.allocate(new AllocationPlan(pod,
                List.of(new AllocationTarget("eth0", IpFamily.V6, List.of("v6"))), Map.of())).getFirst();

        assertThat(a.addressWithPrefix()).isEqualTo("fd00:1::2/64");
        assertThat(a.gateway()).isEqualTo("fd00:1::1");
    }

    @Test
    void respectsTheMostAllocationsOnePoolMayHold() {
        AllocationEngine capped = new AllocationEngine(store, RetryPolicy.immediate(5), 1);
        store.put(pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        capped.allocate(new AllocationPlan(pod, List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("p"))), Map.of()));

        assertThatThrownBy(() -> capped.allocate(new AllocationPlan(new PodRef("default", "b", "uid-b"),
                List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("p"))), Map.of())))
                .hasMessageContaining("the most one pool may hold (1)");
    }

    @Test
    void aPoolOfTheWrongFamilyIsRefusedNotUsed() {
        store.put(pool("v6", "fd00::/120", List.of("fd00::10")));
        assertThatThrownBy(() -> allocateV4(pod, "v6")).hasMessageContaining("IPPool v6: is IPv6, not IPv4");
    }
}
