package io.spidernet.spiderpool.it;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/rbac is exactly what the apps need: the real agent and controller processes run
 * {@link RbacScenario} against the test API server, which records every request under the caller's
 * identity as the RBAC attributes kube-apiserver would check ({@link ApiCall}). Then, per identity,
 * every call must be allowed by the roles bound to its ServiceAccount (else: a permission is
 * missing), and every (group, resource, verb) those roles grant must have been used (else: a grant
 * is unused, or a path is not exercised here). The scenario covers both apps in this one class, so
 * these checks do not depend on which other test classes ran before it. In addition, the calls of
 * every earlier E2E class in this JVM (this class runs last: {@link RbacLastClassOrderer}) must be
 * allowed too.
 */
class RbacCompletenessE2ETest {
    /** The ServiceAccount (in kube-system) each process identity runs as in deploy/rbac. */
    private static final Map<String, String> SERVICE_ACCOUNTS = Map.of(
            AgentProcess.IDENTITY, "spiderpool-agent", ControllerProcess.IDENTITY, "spiderpool-controller");

    private static final Duration GRANTS_USED_WITHIN = Duration.ofSeconds(60);

    @Test
    void everyCallTheAppsMakeIsGrantedAndEveryGrantIsUsed() throws Exception {
        Assumptions.assumeTrue(Files.exists(AgentProcess.agentJar()) && Files.exists(ControllerProcess.controllerJar()),
                "agent or controller app not built; build spiderpool-agent and spiderpool-controller first");
        RbacPolicy policy = RbacPolicy.load(Repo.path("deploy/rbac"));
        long t0 = System.nanoTime();
        try (CountingApiServer api = new CountingApiServer()) {
            RbacScenario scenario = new RbacScenario(api.client());
            scenario.prepareCluster();
            try (AgentFleet fleet = AgentFleet.start(api.url(), GcSoak.NODES)) {
                // agent paths first: the deleted pool must go at once, before a controller could put a finalizer on it
                scenario.podOfDeletedPool(fleet, () -> api.calls().of(AgentProcess.IDENTITY).stream()
                        .anyMatch(c -> c.resource().equals("spiderippools") && c.verb().equals("get")));
                scenario.podsOfUncachedOwners(fleet);
                try (ControllerProcess controller = ControllerProcess.launch("rbac-controller", api.url(),
                        Map.of("spiderpool.controller.leader-election.mode", "lease", "spiderpool.controller.metric-renew-period", "1s",
                                "spiderpool.controller.webhook.pod-resource-inject", "true",
                                "spiderpool.controller.operator.enabled", "true", "spiderpool.controller.operator.resync-period", "2s"),
                        Map.of("SPIDERPOOL_GC_TRACE_POD_GAP_DURATION", "1s", "SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "5s"))) {
                    drive(scenario, api, fleet, controller, policy);
                }
            } finally {
                System.out.printf("RBAC scenario: %.1f s; distinct calls %s%n", (System.nanoTime() - t0) / 1e9, api.calls().identities());
                SERVICE_ACCOUNTS.keySet().stream().sorted().forEach(id -> System.out.println(table(id, api.calls().of(id))));
            }
            List<String> missing = new ArrayList<>();
            List<String> unused = new ArrayList<>();
            for (String id : new TreeSet<>(SERVICE_ACCOUNTS.keySet())) {
                Set<ApiCall> calls = api.calls().of(id);
                missing.addAll(denied(policy, id, calls));
                unused.addAll(unused(policy, id, calls));
            }
            // both lists at once: a change that adds one call and drops another shows both sides
            SoftAssertions.assertSoftly(softly -> {
                softly.assertThat(api.calls().identities()).as("calls recorded per identity")
                        .containsKeys(AgentProcess.IDENTITY, ControllerProcess.IDENTITY);
                softly.assertThat(missing).as("API calls that deploy/rbac does not allow (add a rule)").isEmpty();
                // every test API server of this JVM: the E2E classes that ran before this one (it runs last, see RbacLastClassOrderer)
                softly.assertThat(SERVICE_ACCOUNTS.keySet().stream().sorted()
                                .flatMap(id -> denied(policy, id, ApiCallLog.PROCESS.of(id)).stream()).toList())
                        .as("API calls of other E2E tests in this JVM (%s) that deploy/rbac does not allow",
                                ApiCallLog.PROCESS.identities()).isEmpty();
                softly.assertThat(unused).as("grants in deploy/rbac that no call used (remove them, or exercise the path in RbacScenario)")
                        .isEmpty();
            });
        }
    }

    /** Runs the scenario, then waits (bounded) for the timer-driven paths until every grant is used. */
    private static void drive(RbacScenario scenario, CountingApiServer api, AgentFleet fleet, ControllerProcess controller,
                              RbacPolicy policy) throws Exception {
        scenario.awaitLeader(controller);
        scenario.coordinatorStatus(controller);
        // while the first replica's certificate is the Secret's: the second replica below replaces it
        scenario.adminApi(controller, api.reviews());
        GcSoak soak = new GcSoak(api.client(), fleet, 4, 40, 20261204L);
        soak.createCluster();
        soak.run();
        // after the soak GC has certainly synced its caches: it traces the VM pod's deletion and judges the VM's record too
        scenario.kubevirtPod(fleet);
        scenario.autoPools(controller);
        scenario.deleteSubnet(controller);
        scenario.multusConfig(controller);
        // a second replica: it follows (reads the lease); the certificate the first one created is emptied and
        // replaced, by whichever replica sees it first (the first one watches the Secret, so it often wins)
        scenario.blankCertificateSecret();
        try (ControllerProcess follower = ControllerProcess.launch("rbac-controller-b", api.url(), Map.of())) {
            RbacScenario.await("a replica to renew the certificate and the second one to follow", () -> log(follower)
                    .contains("is held by") && (log(follower) + log(controller)).contains("renewed Secret"), follower);
        }
        // last: it replaces the Helm path's webhook configurations and SpiderCoordinator with the operator's
        scenario.operator(controller);
        // GC's scans and the reclaim re-checks run on timers: give them until every grant is used
        long end = System.nanoTime() + GRANTS_USED_WITHIN.toNanos();
        while (System.nanoTime() < end && SERVICE_ACCOUNTS.keySet().stream()
                .anyMatch(id -> !unused(policy, id, api.calls().of(id)).isEmpty())) {
            Thread.sleep(200);
        }
    }

    private static String log(ControllerProcess controller) {
        try {
            return controller.log();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Each call of {@code identity} no rule bound to its ServiceAccount allows, named. */
    static List<String> denied(RbacPolicy policy, String identity, Collection<ApiCall> calls) {
        List<RbacPolicy.Grant> grants = policy.grantsOf(RbacScenario.NS, SERVICE_ACCOUNTS.get(identity));
        return calls.stream().filter(c -> RbacPolicy.allowing(grants, c).isEmpty())
                .map(c -> identity + " (ServiceAccount " + SERVICE_ACCOUNTS.get(identity) + "): " + c + " is not allowed")
                .sorted().distinct().toList();
    }

    /** Each (group, resource, verb) a rule of {@code identity} grants that none of its calls used. */
    static List<String> unused(RbacPolicy policy, String identity, Collection<ApiCall> calls) {
        List<String> out = new ArrayList<>();
        for (RbacPolicy.Grant g : policy.grantsOf(RbacScenario.NS, SERVICE_ACCOUNTS.get(identity))) {
            for (String group : g.rule().getApiGroups()) {
                for (String resource : g.rule().getResources()) {
                    for (String verb : g.rule().getVerbs()) {
                        String key = (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
                        boolean used = calls.stream().anyMatch(c -> c.isResourceRequest() && c.group().equals(group)
                                && c.resourceKey().equals(resource) && c.verb().equals(verb) && g.allows(c));
                        if (!used) {
                            out.add(identity + ": " + key + " (" + g + ") was never used");
                        }
                    }
                }
            }
        }
        return out;
    }

    /** identity | group | resource | verb | distinct calls: what the scenario exercised. */
    private static String table(String identity, Set<ApiCall> calls) {
        Map<String, Integer> rows = new TreeMap<>();
        for (ApiCall c : calls) {
            String key = c.isResourceRequest()
                    ? "%-26s %-34s %s".formatted(c.group().isEmpty() ? "core" : c.group(), c.resourceKey(), c.verb())
                    : "%-26s %-34s %s".formatted("(non-resource)", c.path(), c.verb());
            rows.merge(key, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder("calls of " + identity + ":\n");
        rows.forEach((k, n) -> out.append("  ").append(k).append("  (").append(n).append(" distinct)\n"));
        return out.toString();
    }
}
