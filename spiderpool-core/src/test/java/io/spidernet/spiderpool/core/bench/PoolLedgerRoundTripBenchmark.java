package io.spidernet.spiderpool.core.bench;

import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.LowestFreeAddressPicker;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.allocation.Pools;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one CNI ADD costs the agent in a pool holding {@code records} allocations, apart from the
 * API round trip: the coalescer's {@code PoolLedger.of} on the pool it read, the engine's decision
 * (the pod's existing address, usable minus reserved, lowest free, the size cap, the new record)
 * and the status to write. Records are scattered over a /16 (random addresses, seed 1): the worst
 * case for range coalescing, as in a pool after churn. Upstream caps a pool's records at 5 000;
 * the goal is at most 1 ms per op there.
 *
 * <p>Run: {@code scripts/bench PoolLedgerRoundTripBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PoolLedgerRoundTripBenchmark {
    @Param({"1000", "5000", "60000"})
    public int records;

    private SpiderIPPool pool;
    private IpSet reserved;

    @Setup
    public void setUp() {
        Cidr subnet = Cidr.parse("10.20.0.0/16");
        IpFamily family = subnet.family();
        IpAddress first = IpAddress.of(family, subnet.first().value().add(BigInteger.ONE));
        IpAddress last = IpAddress.of(family, subnet.last().value().subtract(BigInteger.ONE));
        List<String> ips = List.of(first + "-" + last);
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < 65_534; i++) {
            offsets.add(i);
        }
        Collections.shuffle(offsets, new Random(1));
        TreeMap<String, AllocationRecord> held = new TreeMap<>();
        for (int i = 0; i < records; i++) {
            held.put(first.plus(offsets.get(i)).toString(),
                    new AllocationRecord("default/pod-" + i, "4f1c2d3e-0000-4000-8000-" + String.format("%012d", i)));
        }
        pool = Pools.pool("bench", subnet.toString(), ips);
        pool.setStatus(new IPPoolStatus(AllocatedIpsCodec.encode(held), 65_534L, (long) records));
        reserved = IpSet.empty(family);
    }

    /** The path of {@code PoolWriteCoalescer} and {@code AllocationEngine.decide} for one fresh pod. */
    @Benchmark
    public IPPoolStatus allocateOne() {
        PoolLedger ledger = PoolLedger.of(pool);
        if (ledger.addressOf("uid-new").isPresent()) {
            throw new IllegalStateException("the new pod holds nothing yet");
        }
        IpSet usable = ledger.allowed().subtract(reserved);
        IpAddress ip = LowestFreeAddressPicker.pick(usable, ledger.allocated()).orElseThrow();
        if (ledger.allocatedCount() >= 100_000) {
            throw new IllegalStateException("over the cap");
        }
        return ledger.withAllocation(ip, new AllocationRecord("default/new", "uid-new")).toStatus();
    }
}
