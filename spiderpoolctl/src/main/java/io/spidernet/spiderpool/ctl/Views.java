package io.spidernet.spiderpool.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.InterfaceDetail;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.api.controller.v1.Candidate;
import io.spidernet.spiderpool.api.controller.v1.Choice;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRow;
import io.spidernet.spiderpool.api.controller.v1.NodeUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.api.controller.v1.Rejection;
import io.spidernet.spiderpool.api.controller.v1.SubnetUsage;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcResponse;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each answer as an {@link Output}: the table's rows and the document hold the same facts. Address
 * counts stay decimal strings in documents, as the API sends them: IPv6 pool sizes exceed what a
 * JSON number keeps exactly in most readers (jq: {@code .totalIPCount | tonumber}).
 */
final class Views {
    private Views() {
    }

    /** One row per pool; its nodes column says which nodes it serves: those spec.nodeName lists, and/or "affinity". */
    static Output pools(PoolUsageResponse usage) {
        List<List<String>> rows = new ArrayList<>();
        List<Object> doc = new ArrayList<>();
        for (PoolUsage p : usage.getPoolsList()) {
            List<String> scope = new ArrayList<>(p.getNodeNamesList());
            if (p.getNodeAffinity()) {
                scope.add("affinity");
            }
            rows.add(List.of(p.getName(), "v" + p.getIpVersion(), p.getSubnet(), p.getTotalIpCount(),
                    String.valueOf(p.getAllocatedIpCount()), p.getFreeIpCount(), p.getDisabled() ? "yes" : "no",
                    scope.isEmpty() ? "all" : String.join(",", scope)));
            List<Object> nodes = new ArrayList<>();
            p.getNodesList().forEach(n -> nodes.add(map("node", n.getNode(), "allocatedIPCount", n.getAllocatedIpCount())));
            doc.add(map("name", p.getName(), "ipVersion", p.getIpVersion(), "subnet", p.getSubnet(),
                    "totalIPCount", p.getTotalIpCount(), "allocatedIPCount", p.getAllocatedIpCount(),
                    "freeIPCount", p.getFreeIpCount(), "disabled", p.getDisabled(), "nodeName", p.getNodeNamesList(),
                    "nodeAffinity", p.getNodeAffinity(), "nodes", nodes));
        }
        return new Output(List.of("name", "version", "subnet", "total", "allocated", "free", "disabled", "nodes"), rows, doc);
    }

    /**
     * One row per pool and node holding its addresses (and each node spec.nodeName lists, idle or
     * not); addresses whose holder has no SpiderEndpoint show under "(no endpoint)".
     */
    static Output poolsPerNode(PoolUsageResponse usage) {
        List<List<String>> rows = new ArrayList<>();
        List<Object> doc = new ArrayList<>();
        for (PoolUsage p : usage.getPoolsList()) {
            for (NodeUsage n : p.getNodesList()) {
                rows.add(List.of(p.getName(), n.getNode().isEmpty() ? "(no endpoint)" : n.getNode(), String.valueOf(n.getAllocatedIpCount())));
                doc.add(map("pool", p.getName(), "node", n.getNode(), "allocatedIPCount", n.getAllocatedIpCount()));
            }
        }
        return new Output(List.of("pool", "node", "allocated"), rows, doc);
    }

    static Output subnets(PoolUsageResponse usage) {
        List<List<String>> rows = new ArrayList<>();
        List<Object> doc = new ArrayList<>();
        for (SubnetUsage s : usage.getSubnetsList()) {
            rows.add(List.of(s.getName(), "v" + s.getIpVersion(), s.getSubnet(), s.getTotalIpCount(), s.getAllocatedIpCount(),
                    s.getFreeIpCount(), String.valueOf(s.getPoolCount())));
            doc.add(map("name", s.getName(), "ipVersion", s.getIpVersion(), "subnet", s.getSubnet(),
                    "totalIPCount", s.getTotalIpCount(), "allocatedIPCount", s.getAllocatedIpCount(),
                    "freeIPCount", s.getFreeIpCount(), "poolCount", s.getPoolCount()));
        }
        return new Output(List.of("name", "version", "subnet", "total", "allocated", "free", "pools"), rows, doc);
    }

    /**
     * One row per pool looked at: candidates in the order an ADD tries them (the one it would take
     * says so, with the address), then the pools refused and why.
     */
    static Output explain(String pod, ExplainAllocationResponse answer) {
        List<List<String>> rows = new ArrayList<>();
        int order = 0;
        for (Candidate c : answer.getCandidatesList()) {
            order++;
            Choice chosen = answer.getWouldUseList().stream().filter(w -> w.getPool().equals(c.getPool())
                    && w.getNic().equals(c.getNic()) && w.getIpVersion() == c.getIpVersion()).findFirst().orElse(null);
            rejected(answer, c).ifPresentOrElse(
                    r -> rows.add(List.of(c.getNic(), "v" + c.getIpVersion(), c.getPool(), "passed over", "", r.getReason())),
                    () -> rows.add(List.of(c.getNic(), "v" + c.getIpVersion(), c.getPool(),
                            chosen != null ? "would use" : "candidate", chosen != null ? chosen.getIp() : "", "")));
        }
        for (Rejection r : answer.getRejectionsList()) {
            boolean candidate = answer.getCandidatesList().stream().anyMatch(c -> sameSlot(c, r));
            if (!candidate) {
                rows.add(List.of(r.getNic(), r.getIpVersion() == 0 ? "" : "v" + r.getIpVersion(), r.getPool(), "refused", "",
                        r.getReason()));
            }
        }
        List<Object> candidates = new ArrayList<>();
        answer.getCandidatesList().forEach(c -> candidates.add(map("pool", c.getPool(), "ipVersion", c.getIpVersion(), "nic", c.getNic())));
        List<Object> rejections = new ArrayList<>();
        answer.getRejectionsList().forEach(r -> rejections.add(map("pool", r.getPool(), "ipVersion", r.getIpVersion(), "nic", r.getNic(),
                "reason", r.getReason())));
        List<Object> wouldUse = new ArrayList<>();
        answer.getWouldUseList().forEach(w -> wouldUse.add(map("nic", w.getNic(), "ipVersion", w.getIpVersion(), "pool", w.getPool(),
                "ip", w.getIp())));
        Map<String, Object> doc = map("pod", pod, "candidates", candidates, "rejections", rejections, "wouldUse", wouldUse);
        if (!answer.getRefused().isEmpty()) {
            doc.put("refused", answer.getRefused());
        }
        String footer = answer.getRefused().isEmpty() ? null : "an ADD for " + pod + " would fail: " + answer.getRefused();
        return new Output(List.of("nic", "version", "pool", "verdict", "ip", "reason"), rows, doc, footer);
    }

    private static java.util.Optional<Rejection> rejected(ExplainAllocationResponse answer, Candidate c) {
        return answer.getRejectionsList().stream().filter(r -> sameSlot(c, r)).findFirst();
    }

    private static boolean sameSlot(Candidate c, Rejection r) {
        return c.getPool().equals(r.getPool()) && c.getNic().equals(r.getNic()) && c.getIpVersion() == r.getIpVersion();
    }

    static Output gcPreview(GcPreviewResponse preview) {
        List<List<String>> rows = new ArrayList<>();
        List<Object> doc = new ArrayList<>();
        for (GcPreviewRow r : preview.getRowsList()) {
            rows.add(List.of(r.getPool(), r.getIp(), r.getPod(), r.getVerdict(), r.getTraceUntil(),
                    r.getDeleteEndpoint() ? "yes" : "", r.getReason()));
            Map<String, Object> row = map("pool", r.getPool(), "ip", r.getIp(), "pod", r.getPod(), "podUid", r.getPodUid(),
                    "verdict", r.getVerdict(), "deleteEndpoint", r.getDeleteEndpoint(), "reason", r.getReason());
            if (!r.getTraceUntil().isEmpty()) {
                row.put("traceUntil", r.getTraceUntil());
            }
            doc.add(row);
        }
        return new Output(List.of("pool", "ip", "pod", "verdict", "trace-until", "delete-endpoint", "reason"), rows, doc);
    }

    static Output gcRun(TriggerGcResponse run) {
        Map<String, Object> doc = map("records", run.getRecords(), "released", run.getReleased(), "traced", run.getTraced(),
                "spared", run.getSpared(), "failed", run.getFailed(), "endpoints", run.getEndpoints());
        return new Output(List.of("records", "released", "traced", "spared", "failed", "endpoints"),
                List.of(doc.values().stream().map(String::valueOf).toList()), doc);
    }

    /** A SpiderEndpoint as the API server returns it: one row per NIC. */
    static Output endpoint(JsonNode endpoint) {
        JsonNode current = endpoint.path("status").path("current");
        String pod = endpoint.path("metadata").path("namespace").asText() + "/" + endpoint.path("metadata").path("name").asText();
        List<List<String>> rows = new ArrayList<>();
        List<Object> nics = new ArrayList<>();
        for (JsonNode nic : current.path("ips")) {
            rows.add(List.of(pod, current.path("node").asText(), nic.path("interface").asText(), nic.path("ipv4").asText(),
                    nic.path("ipv4Pool").asText(), nic.path("ipv6").asText(), nic.path("ipv6Pool").asText()));
            nics.add(map("interface", nic.path("interface").asText(), "ipv4", nic.path("ipv4").asText(),
                    "ipv4Pool", nic.path("ipv4Pool").asText(), "ipv6", nic.path("ipv6").asText(),
                    "ipv6Pool", nic.path("ipv6Pool").asText(), "vlan", nic.path("vlan").asInt()));
        }
        Map<String, Object> doc = map("pod", pod, "podUid", current.path("uid").asText(), "node", current.path("node").asText(),
                "ownerControllerType", endpoint.path("status").path("ownerControllerType").asText(),
                "ownerControllerName", endpoint.path("status").path("ownerControllerName").asText(), "interfaces", nics);
        return new Output(List.of("pod", "node", "interface", "ipv4", "ipv4-pool", "ipv6", "ipv6-pool"), rows, doc);
    }

    /** What the node's agent records for the pod (its local store, or its cache of the cluster). */
    static Output endpoint(WorkloadEndpoint endpoint) {
        String pod = endpoint.getPodNamespace() + "/" + endpoint.getPodName();
        List<List<String>> rows = new ArrayList<>();
        List<Object> nics = new ArrayList<>();
        for (InterfaceDetail nic : endpoint.getInterfacesList()) {
            rows.add(List.of(pod, endpoint.getNode(), nic.getInterface(), nic.getIpv4(), "", nic.getIpv6(), ""));
            nics.add(map("interface", nic.getInterface(), "ipv4", nic.getIpv4(), "ipv6", nic.getIpv6()));
        }
        Map<String, Object> doc = map("pod", pod, "podUid", endpoint.getPodUid(), "node", endpoint.getNode(), "interfaces", nics);
        return new Output(List.of("pod", "node", "interface", "ipv4", "ipv4-pool", "ipv6", "ipv6-pool"), rows, doc);
    }

    /** A SpiderIPPool's ledger, {@code status.allocatedIPs}, in address order. */
    static Output ips(JsonNode pool) {
        String name = pool.path("metadata").path("name").asText();
        String ledger = pool.path("status").path("allocatedIPs").asText("");
        Map<String, AllocationRecord> records = ledger.isEmpty() ? Map.of() : AllocatedIpsCodec.decode(ledger);
        List<Map.Entry<String, AllocationRecord>> sorted = new ArrayList<>(records.entrySet());
        sorted.sort(Comparator.comparing(e -> addressKey(e.getKey())));
        List<List<String>> rows = new ArrayList<>();
        List<Object> doc = new ArrayList<>();
        for (Map.Entry<String, AllocationRecord> e : sorted) {
            rows.add(List.of(name, e.getKey(), e.getValue().pod(), e.getValue().podUid()));
            doc.add(map("pool", name, "ip", e.getKey(), "pod", e.getValue().pod(), "podUid", e.getValue().podUid()));
        }
        return new Output(List.of("pool", "ip", "pod", "pod-uid"), rows, doc);
    }

    static Output health(String socket, HealthyResponse health) {
        return new Output(List.of("agent-socket", "serving", "store"),
                List.of(List.of(socket, health.getServing() ? "yes" : "no", health.getStore())),
                map("agentSocket", socket, "serving", health.getServing(), "store", health.getStore()));
    }

    /** Numeric order of an address: 10.0.0.9 before 10.0.0.10, IPv4 before IPv6. */
    private static String addressKey(String ip) {
        try {
            byte[] b = java.net.InetAddress.ofLiteral(ip).getAddress();
            return b.length + ":" + String.format("%040x", new BigInteger(1, b));
        } catch (IllegalArgumentException e) {
            return "z" + ip;
        }
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
