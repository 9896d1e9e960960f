package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.it.ClusterStorm.Call;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The counts every reliability case (upstream R000xx) must end with, read from the API server for the
 * pods that live at the end ({@code live}: each one's last ADD): addresses held twice (answered to
 * two pods, or in two SpiderEndpoints that still hold them), live pods whose address is missing from the pool's ledger or
 * their SpiderEndpoint (lost), ledger records and endpoints of no live pod (stray), and ADDs never
 * answered (failed). {@link #line} prints them with the recovery times in one line a script can grep:
 * {@code RELIABILITY <id> key=value ...}.
 */
record ReliabilityFigures(int allocations, int failed, int duplicates, int lost, int stray) {

    static ReliabilityFigures of(KubernetesClient client, List<Call> live) {
        List<Call> ok = live.stream().filter(Call::ok).toList();
        Map<String, AllocationRecord> ledger = StormChecks.ledger(client);
        Map<String, SpiderEndpoint> endpoints = StormChecks.endpoints(client);

        long answeredTwice = ok.stream().collect(Collectors.groupingBy(Call::address, Collectors.counting()))
                .values().stream().filter(n -> n > 1).count();
        List<SpiderEndpoint> holding = endpoints.values().stream().filter(ReliabilityFigures::holding).toList();
        long heldTwice = holding.stream().map(ReliabilityFigures::address).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(a -> a, Collectors.counting())).values().stream().filter(n -> n > 1).count();
        long lost = ok.stream().filter(c -> !new AllocationRecord(c.pod().ref(), c.pod().uid()).equals(ledger.get(c.address()))
                || !StormChecks.endpointSays(endpoints.get(c.pod().name()), c)).count();
        Set<String> livePods = ok.stream().map(c -> c.pod().name()).collect(Collectors.toCollection(HashSet::new));
        long strayEndpoints = holding.stream().filter(e -> !livePods.contains(e.getMetadata().getName())).count();
        int strayRecords = StormChecks.orphans(client, ok).size();
        return new ReliabilityFigures(ok.size(), live.size() - ok.size(), (int) (answeredTwice + heldTwice), (int) lost,
                (int) (strayRecords + strayEndpoints));
    }

    boolean clean() {
        return failed == 0 && duplicates == 0 && lost == 0 && stray == 0;
    }

    /** {@code RELIABILITY <id> k=v ... allocations=.. failed=.. duplicates=.. lost=.. stray=..}, durations in ms. */
    String line(String id, Map<String, Object> recovery) {
        StringBuilder b = new StringBuilder("RELIABILITY ").append(id);
        recovery.forEach((k, v) -> b.append(' ').append(k).append('=').append(v instanceof Duration d ? d.toMillis() : v));
        return b.append(String.format(Locale.ROOT, " allocations=%d failed=%d duplicates=%d lost=%d stray=%d",
                allocations, failed, duplicates, lost, stray)).toString();
    }

    /**
     * Whether the endpoint still holds its address for Spiderpool: it carries Spiderpool's finalizer, or
     * no Pod owns it. One released by Spiderpool (finalizer dropped) whose Pod is gone is Kubernetes'
     * garbage collector's to delete through the owner reference, and no such collector runs against the
     * test API server.
     */
    private static boolean holding(SpiderEndpoint endpoint) {
        List<String> finalizers = endpoint.getMetadata().getFinalizers();
        boolean ownedByPod = endpoint.getMetadata().getOwnerReferences() != null
                && endpoint.getMetadata().getOwnerReferences().stream().anyMatch(r -> "Pod".equals(r.getKind()));
        return (finalizers != null && finalizers.contains(SpiderpoolGroup.FINALIZER)) || !ownedByPod;
    }

    /** The endpoint's current eth0 IPv4 address, without its prefix. */
    private static String address(SpiderEndpoint endpoint) {
        if (endpoint.getStatus() == null || endpoint.getStatus().current() == null || endpoint.getStatus().current().ips() == null) {
            return null;
        }
        return endpoint.getStatus().current().ips().stream().filter(d -> ClusterStorm.IF_NAME.equals(d.nic()))
                .map(IPAllocationDetail::ipv4).filter(Objects::nonNull).map(a -> a.split("/")[0]).findFirst().orElse(null);
    }
}
