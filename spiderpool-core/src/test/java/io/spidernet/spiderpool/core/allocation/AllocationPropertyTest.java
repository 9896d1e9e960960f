package io.spidernet.spiderpool.core.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random allocate/release sequences over random pools (IPv4 and IPv6, with excludeIPs and
 * reserved addresses), checked against a brute-force model: no address is ever held twice, every
 * address handed out is allowed, the engine picks exactly the lowest free address, and a released
 * address is free again. Seeds are fixed so a failure names a reproducible run.
 */
class AllocationPropertyTest {
    private static final int OPERATIONS = 10_000;

    private record PoolModel(String name, IpFamily family, Set<IpAddress> allowed, Map<IpAddress, String> held) {}

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 20261127L})
    void randomOperationsKeepTheLedgerSound(long seed) {
        Random rnd = new Random(seed);
        FaultInjectingPoolStore store = new FaultInjectingPoolStore();
        AllocationEngine engine = new AllocationEngine(store, RetryPolicy.immediate(3), 5000);
        Map<IpFamily, IpSet> reserved = new HashMap<>();
        List<PoolModel> pools = randomPools(rnd, store, reserved);
        Map<String, PodRef> pods = new HashMap<>();
        int allocations = 0;
        int releases = 0;

        for (int op = 0; op < OPERATIONS; op++) {
            PoolModel pool = pools.get(rnd.nextInt(pools.size()));
            String context = "seed " + seed + " op " + op + " pool " + pool.name();
            boolean release = !pool.held().isEmpty() && rnd.nextInt(100) < 45;
            if (release) {
                List<IpAddress> heldIps = new ArrayList<>(pool.held().keySet());
                IpAddress ip = heldIps.get(rnd.nextInt(heldIps.size()));
                PodRef holder = pods.get(pool.held().get(ip));
                var out = engine.release(holder, List.of(pool.name()));
                assertThat(out).as(context).containsExactly(new AllocationEngine.PoolAddress(pool.name(), ip));
                pool.held().remove(ip);
                assertThat(PoolLedger.of(store.read(pool.name()).orElseThrow()).allocated().contains(ip)).as(context).isFalse();
                releases++;
            } else {
                PodRef pod = pods.computeIfAbsent("uid-" + rnd.nextInt(400), uid -> new PodRef("ns", "pod-" + uid, uid));
                allocateAndCheck(engine, pool, pod, reserved, context);
                allocations++;
            }
        }
        assertThat(allocations + releases).isEqualTo(OPERATIONS);
        for (PoolModel pool : pools) {
            PoolLedger ledger = PoolLedger.of(store.read(pool.name()).orElseThrow());
            assertThat(ledger.records().keySet()).as(pool.name())
                    .containsExactlyInAnyOrderElementsOf(pool.held().keySet().stream().map(IpAddress::toString).toList());
        }
    }

    private static void allocateAndCheck(AllocationEngine engine, PoolModel pool, PodRef pod,
                                         Map<IpFamily, IpSet> reserved, String context) {
        IpAddress already = pool.held().entrySet().stream().filter(e -> e.getValue().equals(pod.uid()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        IpAddress expected = already != null ? already : lowestFree(pool);
        AllocationPlan plan = new AllocationPlan(pod,
                List.of(new AllocationTarget("eth0", pool.family(), List.of(pool.name()))), reserved);
        if (expected == null) {
            try {
                engine.allocate(plan);
                throw new AssertionError(context + ": allocated from a pool the model says is full");
            } catch (IpamException.IpUsedOut e) {
                return;
            }
        }
        IpAddress got = engine.allocate(plan).getFirst().address();
        assertThat(got).as(context).isEqualTo(expected);
        assertThat(pool.allowed()).as(context + ": handed-out address is allowed").contains(got);
        String holder = pool.held().putIfAbsent(got, pod.uid());
        assertThat(holder == null || holder.equals(pod.uid())).as(context + ": " + got + " held twice").isTrue();
    }

    private static IpAddress lowestFree(PoolModel pool) {
        for (IpAddress ip : pool.allowed()) {
            if (!pool.held().containsKey(ip)) {
                return ip;
            }
        }
        return null;
    }

    /** Up to six pools with 1–300 addresses, some excluded, some reserved cluster-wide. */
    private static List<PoolModel> randomPools(Random rnd, FaultInjectingPoolStore store, Map<IpFamily, IpSet> reserved) {
        List<PoolModel> out = new ArrayList<>();
        int count = 2 + rnd.nextInt(5);
        reserved.put(IpFamily.V4, IpSet.empty(IpFamily.V4));
        reserved.put(IpFamily.V6, IpSet.empty(IpFamily.V6));
        for (int i = 0; i < count; i++) {
            IpFamily family = rnd.nextBoolean() ? IpFamily.V4 : IpFamily.V6;
            Cidr subnet = family == IpFamily.V4 ? Cidr.parse("10." + i + ".0.0/16") : Cidr.parse("fd00:" + i + "::/64");
            IpAddress start = IpAddress.of(family, subnet.first().value().add(BigInteger.valueOf(1 + rnd.nextInt(500))));
            int size = 1 + rnd.nextInt(300);
            List<String> ips = List.of(start + "-" + start.plus(size - 1));
            List<String> excludes = new ArrayList<>();
            for (int e = rnd.nextInt(4); e > 0; e--) {
                excludes.add(start.plus(rnd.nextInt(size)).toString());
            }
            IpSet reserve = IpSet.ofAddresses(family, List.of(start.plus(rnd.nextInt(size))));
            reserved.merge(family, reserve, IpSet::union);
            String name = "pool-" + i;
            store.put(Pools.pool(name, subnet.toString(), ips, s -> s.setExcludeIPs(excludes)));
            out.add(new PoolModel(name, family, new TreeSet<>(), new HashMap<>()));
            // brute force over the small range, independent of the range arithmetic under test
            for (int k = 0; k < size; k++) {
                out.getLast().allowed().add(start.plus(k));
            }
            excludes.forEach(e -> out.getLast().allowed().remove(IpAddress.parse(e)));
        }
        for (PoolModel m : out) {
            reserved.get(m.family()).forEach(m.allowed()::remove);
        }
        return out;
    }
}
