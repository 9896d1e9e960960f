package io.spidernet.spiderpool.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the coordinator costs a pod, run by {@code scripts/bench-coordinator} (as root): ADD+DEL
 * pairs of one pod NIC on a {@link SimCluster} node, alternating pair by pair between Debian's
 * macvlan + our spiderpool IPAM + our coordinator (the chain upstream's underlay network
 * definitions use) and Debian's macvlan + host-local, so that machine noise falls on both alike.
 * Each plugin is a whole process started as a runtime starts it ({@code ip netns exec} into the
 * node included). Prints the medians and the coordinator's own share: its ADD and DEL calls
 * within the same pairs. {@code -Dbench.pairs} (30) and {@code -Dbench.warmup} (3) set the counts.
 */
public final class CoordinatorBenchmark {
    private CoordinatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pairs = Integer.getInteger("bench.pairs", 30);
        int warmup = Integer.getInteger("bench.warmup", 3);
        Path hostLocalData = Files.createTempDirectory("bench-host-local");
        try (SimCluster cluster = SimCluster.start(CoordinatorBenchmark.class, 1)) {
            SimNode node = cluster.node(1);
            SimPod pod = cluster.addPod(node, "bench", List.of());
            Nic ours = Nic.macvlan("eth0").ipv4Only().withCoordinator(SimCluster.SERVICE_CIDR);
            String hostLocal = "{\"cniVersion\":\"1.0.0\",\"name\":\"bench-hl\",\"plugins\":[{\"type\":\"macvlan\",\"master\":\""
                    + SimNode.UPLINK + "\",\"mode\":\"bridge\",\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + hostLocalData
                    + "\",\"ranges\":[[{\"subnet\":\"198.51.100.0/24\",\"gateway\":\"198.51.100.1\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}]}";
            List<Long> chain = new ArrayList<>();
            List<Long> coordinator = new ArrayList<>();
            List<Long> reference = new ArrayList<>();
            for (int i = 0; i < warmup + pairs; i++) {
                int before = cluster.calls().size();
                long ourNanos = pair(cluster, pod, ours, node.conflist(ours));
                long coordinatorNanos = cluster.calls().subList(before, cluster.calls().size()).stream()
                        .filter(c -> c.plugin().equals("coordinator")).mapToLong(ChainRunner.Call::nanos).sum();
                long referenceNanos = pair(cluster, pod, Nic.macvlan("eth0").ipv4Only(), hostLocal);
                if (i >= warmup) {
                    chain.add(ourNanos);
                    coordinator.add(coordinatorNanos);
                    reference.add(referenceNanos);
                }
            }
            double ms = median(chain);
            double coordinatorMs = median(coordinator);
            double referenceMs = median(reference);
            System.out.printf(Locale.ROOT, "ADD+DEL of one pod NIC, %d pairs each after %d warm-up, alternating (whole processes, wall clock):%n",
                    pairs, warmup);
            System.out.printf(Locale.ROOT, "  %-40s median %7.1f ms%n", "macvlan + spiderpool + coordinator", ms);
            System.out.printf(Locale.ROOT, "  %-40s median %7.1f ms  (%.0f%% of the chain)%n", "  of which coordinator ADD + DEL",
                    coordinatorMs, 100 * coordinatorMs / ms);
            System.out.printf(Locale.ROOT, "  %-40s median %7.1f ms%n", "macvlan + host-local (Debian)", referenceMs);
            System.out.printf(Locale.ROOT, "  ratio chain / reference: %.2f%n", ms / referenceMs);
        } finally {
            try (var walk = Files.walk(hostLocalData)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One ADD and one DEL through the conflist; returns their wall time together. */
    private static long pair(SimCluster cluster, SimPod pod, Nic nic, String conflist) throws Exception {
        long start = System.nanoTime();
        cluster.attach(pod, nic, conflist);
        cluster.detach(pod, nic.ifName());
        return System.nanoTime() - start;
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int n = sorted.size();
        double mid = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return mid / 1e6;
    }
}
