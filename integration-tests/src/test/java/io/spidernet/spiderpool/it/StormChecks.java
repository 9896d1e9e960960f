package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpRange;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What must hold after a storm, read from the API server rather than from the agents' answers:
 * every pod its own address, from its node's pool; the pools' ledgers naming exactly those pods at
 * exactly those addresses; a SpiderEndpoint per pod saying the same; and after the release empty pools.
 * Each check returns the problems it found (a few examples each, with counts), empty when all hold.
 */
final class StormChecks {
    private static final int EXAMPLES = 3;
    private static final int EXAMPLE_CHARS = 300;

    private StormChecks() {}

    /** After a storm in which every pod got its ADD answered: {@link #acknowledged} and nothing else in the pool. */
    static List<String> allocated(KubernetesClient client, IpRange range, List<Call> calls) {
        List<String> problems = acknowledged(client, range, calls);
        Map<String, AllocationRecord> ledger = ledger(client);
        if (ledger.size() != calls.size()) {
            problems.add("allocatedIPs holds " + ledger.size() + " records for " + calls.size() + " pods");
        }
        long count = allocatedCount(client);
        if (count != calls.size()) {
            problems.add("allocatedIPCount is " + count + " for " + calls.size() + " pods");
        }
        return problems;
    }

    /**
     * Every ADD answered, no address answered twice, all inside the pool, and each answer recorded in
     * the pool's ledger (under the pod's name and UID) and in the pod's SpiderEndpoint. Says nothing
     * about records beyond those: after a crash some may be left for garbage collection ({@link #orphans}).
     */
    static List<String> acknowledged(KubernetesClient client, IpRange range, List<Call> calls) {
        List<String> problems = new ArrayList<>();
        report(problems, "failed ADD", calls.stream().filter(c -> !c.ok()).map(c -> c.pod().ref() + ": " + c.error()).toList());
        List<Call> ok = calls.stream().filter(Call::ok).toList();

        Map<String, List<Call>> byAddress = ok.stream().collect(Collectors.groupingBy(Call::address));
        report(problems, "address given to more than one pod", byAddress.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " -> " + e.getValue().stream().map(c -> c.pod().ref()).toList()).toList());
        report(problems, "address outside the pool's range " + range, ok.stream()
                .filter(c -> !range.contains(IpAddress.parse(c.address()))).map(c -> c.pod().ref() + ": " + c.address()).toList());

        Map<String, AllocationRecord> ledger = ledger(client);
        report(problems, "acknowledged ADD not in the pool's allocatedIPs as answered", ok.stream()
                .filter(c -> !new AllocationRecord(c.pod().ref(), c.pod().uid()).equals(ledger.get(c.address())))
                .map(c -> c.pod().ref() + " at " + c.address() + ", ledger has " + ledger.get(c.address())).toList());

        Map<String, SpiderEndpoint> endpoints = endpoints(client);
        report(problems, "pod without a SpiderEndpoint naming its UID, node and address", ok.stream()
                .filter(c -> !endpointSays(endpoints.get(c.pod().name()), c)).map(c -> c.pod().ref() + " at " + c.address()).toList());
        return problems;
    }

    /** Ledger records that are no acknowledged answer: addresses taken for an ADD whose answer never arrived. */
    static Map<String, AllocationRecord> orphans(KubernetesClient client, List<Call> calls) {
        Map<String, AllocationRecord> out = new HashMap<>(ledger(client));
        calls.stream().filter(Call::ok).forEach(c -> out.remove(c.address(), new AllocationRecord(c.pod().ref(), c.pod().uid())));
        return out;
    }

    /** {@code held}: the pods whose ADD was acknowledged; their DEL must free something. */
    static List<String> released(KubernetesClient client, List<Call> calls, Set<StormPod> held) {
        List<String> problems = new ArrayList<>();
        report(problems, "failed DEL", calls.stream().filter(c -> !c.ok()).map(c -> c.pod().ref() + ": " + c.error()).toList());
        report(problems, "DEL of a deleted pod that freed nothing", calls.stream()
                .filter(c -> c.ok() && c.released() == 0 && held.contains(c.pod())).map(c -> c.pod().ref()).toList());
        report(problems, "record left in the pool after every pod was released",
                ledger(client).entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        long count = allocatedCount(client);
        if (count != 0) {
            problems.add("allocatedIPCount is " + count + " after every pod was released");
        }
        return problems;
    }

    static SpiderIPPool pool(KubernetesClient client) {
        return client.resources(SpiderIPPool.class).withName(StormCluster.POOL).get();
    }

    /** Every storm pool (the API server holds no other). */
    static List<SpiderIPPool> pools(KubernetesClient client) {
        return client.resources(SpiderIPPool.class).list().getItems();
    }

    /** The pools' ledgers in one, ip → record: their ranges do not overlap. */
    static Map<String, AllocationRecord> ledger(KubernetesClient client) {
        Map<String, AllocationRecord> all = new HashMap<>();
        for (SpiderIPPool p : pools(client)) {
            IPPoolStatus status = p.getStatus();
            all.putAll(AllocatedIpsCodec.decode(status == null ? null : status.getAllocatedIPs()));
        }
        return all;
    }

    /** The pools' allocatedIPCount summed. */
    private static long allocatedCount(KubernetesClient client) {
        return pools(client).stream().map(SpiderIPPool::getStatus)
                .mapToLong(s -> s == null || s.getAllocatedIPCount() == null ? 0 : s.getAllocatedIPCount()).sum();
    }

    static Map<String, SpiderEndpoint> endpoints(KubernetesClient client) {
        return client.resources(SpiderEndpoint.class).inNamespace(StormCluster.NAMESPACE).list().getItems().stream()
                .collect(Collectors.toMap(e -> e.getMetadata().getName(), Function.identity(), (a, b) -> a, HashMap::new));
    }

    /** The endpoint names the pod's UID and node, and its eth0 holds the answered address from the pod's pool. */
    static boolean endpointSays(SpiderEndpoint endpoint, Call call) {
        if (endpoint == null || endpoint.getStatus() == null || endpoint.getStatus().current() == null) {
            return false;
        }
        var current = endpoint.getStatus().current();
        if (!call.pod().uid().equals(current.uid()) || !call.pod().node().equals(current.node()) || current.ips() == null) {
            return false;
        }
        for (IPAllocationDetail nic : current.ips()) {
            if (ClusterStorm.IF_NAME.equals(nic.nic()) && nic.ipv4() != null && nic.ipv4().split("/")[0].equals(call.address())
                    && call.pod().pool().equals(nic.ipv4Pool())) {
                return true;
            }
        }
        return false;
    }

    /** A count and the first few cases, each cut short: agents' messages run to several lines. */
    private static void report(List<String> problems, String what, List<String> cases) {
        if (!cases.isEmpty()) {
            List<String> examples = cases.subList(0, Math.min(EXAMPLES, cases.size())).stream()
                    .map(c -> c.length() <= EXAMPLE_CHARS ? c : c.substring(0, EXAMPLE_CHARS) + "...").toList();
            problems.add(cases.size() + " x " + what + ", e.g.\n      " + String.join("\n      ", examples));
        }
    }
}
