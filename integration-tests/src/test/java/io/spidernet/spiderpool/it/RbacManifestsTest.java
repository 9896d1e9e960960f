package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of deploy/rbac that no scenario could show (no wildcards; the agent never touches Secrets
 * and deletes only its own records; the controller's Secret and Lease by name, in its namespace), and
 * the rule matcher the completeness test relies on, case by case against those manifests.
 */
class RbacManifestsTest {
    private static final RbacPolicy POLICY = RbacPolicy.load(Repo.path("deploy/rbac"));
    private static final List<RbacPolicy.Grant> AGENT = POLICY.grantsOf("kube-system", "spiderpool-agent");
    private static final List<RbacPolicy.Grant> CONTROLLER = POLICY.grantsOf("kube-system", "spiderpool-controller");
    private static final String CERTS = "spiderpool-controller-server-certs";
    private static final String LEASE = "spiderpool-controller-leases";

    @Test
    void noRuleUsesAWildcard() {
        List<PolicyRule> rules = Stream.concat(POLICY.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
                POLICY.all(Role.class).stream().flatMap(r -> r.getRules().stream())).toList();
        assertThat(rules).hasSizeGreaterThan(10);
        for (PolicyRule r : rules) {
            List<String> values = new ArrayList<>();
            Stream.of(r.getApiGroups(), r.getResources(), r.getVerbs(), r.getResourceNames(), r.getNonResourceURLs())
                    .filter(v -> v != null).forEach(values::addAll);
            assertThat(values).as("rule %s", r).noneMatch(v -> v.contains("*"));
        }
    }

    @Test
    void theAgentNeverTouchesSecretsAndDeletesOnlyItsOwnRecords() {
        assertThat(AGENT).isNotEmpty().allSatisfy(g -> assertThat(g.rule().getResources()).doesNotContain("secrets"));
        assertThat(AGENT).filteredOn(g -> g.rule().getVerbs().contains("delete") || g.rule().getVerbs().contains("deletecollection"))
                .singleElement().satisfies(g -> assertThat(g.rule().getResources()).containsExactly("spiderendpoints"));
        assertThat(allowed(AGENT, "get", "", "secrets", "kube-system", CERTS)).isFalse();
    }

    @Test
    void theControllerReachesOnlyItsOwnSecretAndLeaseAndOnlyInItsNamespace() {
        for (String[] object : new String[][] {{"", "secrets", CERTS}, {"coordination.k8s.io", "leases", LEASE}}) {
            List<RbacPolicy.Grant> grants = CONTROLLER.stream().filter(g -> g.rule().getResources().contains(object[1])).toList();
            assertThat(grants).as(object[1]).isNotEmpty().allSatisfy(g -> {
                assertThat(g.namespace()).isEqualTo("kube-system");
                if (g.rule().getResourceNames() == null || g.rule().getResourceNames().isEmpty()) {
                    assertThat(g.rule().getVerbs()).as("verbs of %s without resourceNames", g).containsExactly("create");
                } else {
                    assertThat(g.rule().getResourceNames()).containsExactly(object[2]);
                }
            });
        }
        assertThat(allowed(CONTROLLER, "get", "", "secrets", "kube-system", CERTS)).isTrue();
        assertThat(allowed(CONTROLLER, "update", "", "secrets", "kube-system", CERTS)).isTrue();
        assertThat(allowed(CONTROLLER, "create", "", "secrets", "kube-system", "")).isTrue();
        assertThat(allowed(CONTROLLER, "get", "", "secrets", "kube-system", "another-secret")).isFalse();
        assertThat(allowed(CONTROLLER, "get", "", "secrets", "default", CERTS)).isFalse();
        assertThat(allowed(CONTROLLER, "create", "", "secrets", "default", "")).isFalse();
        assertThat(allowed(CONTROLLER, "list", "", "secrets", "kube-system", "")).isFalse();
        assertThat(allowed(CONTROLLER, "patch", "coordination.k8s.io", "leases", "kube-system", LEASE)).isTrue();
        assertThat(allowed(CONTROLLER, "patch", "coordination.k8s.io", "leases", "kube-system", "kube-scheduler")).isFalse();
    }

    @Test
    void theControllerReadsOnlyKubeadmsAndCiliumsConfigMapsAndTheClientCaAndOnlyInKubeSystem() {
        assertThat(allowed(CONTROLLER, "watch", "", "configmaps", "kube-system", "kubeadm-config")).isTrue();
        // the cluster's client CA, which verifies spiderpoolctl users' client certificates
        assertThat(allowed(CONTROLLER, "watch", "", "configmaps", "kube-system", "extension-apiserver-authentication")).isTrue();
        assertThat(allowed(CONTROLLER, "get", "", "configmaps", "kube-system", "extension-apiserver-authentication")).isFalse();
        assertThat(allowed(CONTROLLER, "list", "", "configmaps", "kube-system", "cilium-config")).isTrue();
        assertThat(allowed(CONTROLLER, "list", "", "configmaps", "kube-system", "")).isFalse();
        assertThat(allowed(CONTROLLER, "get", "", "configmaps", "kube-system", "kubeadm-config")).isFalse();
        assertThat(allowed(CONTROLLER, "watch", "", "configmaps", "default", "kubeadm-config")).isFalse();
        assertThat(allowed(CONTROLLER, "update", "spiderpool.spidernet.io", "spidercoordinators/status", "", "default")).isTrue();
        assertThat(allowed(CONTROLLER, "update", "spiderpool.spidernet.io", "spidercoordinators", "", "another")).isFalse();
    }

    /** The operator's grants name their objects; only create (which RBAC cannot limit by name) does not. */
    @Test
    void theOperatorReachesOnlyTheObjectsItKeeps() {
        List<RbacPolicy.Grant> operator = CONTROLLER.stream().filter(g -> g.source().endsWith("spiderpool-operator")).toList();
        assertThat(operator).hasSizeGreaterThan(5).allSatisfy(g -> {
            if (g.rule().getResourceNames() == null || g.rule().getResourceNames().isEmpty()) {
                assertThat(g.rule().getVerbs()).as("verbs of %s without resourceNames", g).containsExactly("create");
            }
        });
        assertThat(operator).filteredOn(g -> g.rule().getResources().contains("daemonsets") || g.rule().getResources().contains("configmaps"))
                .isNotEmpty().allSatisfy(g -> assertThat(g.namespace()).isEqualTo("kube-system"));
        assertThat(allowed(CONTROLLER, "update", "spiderpool.spidernet.io", "spidercoordinators", "", "default")).isTrue();
        assertThat(allowed(CONTROLLER, "update", "apps", "daemonsets", "kube-system", "spiderpool-agent")).isTrue();
        assertThat(allowed(CONTROLLER, "update", "apps", "daemonsets", "kube-system", "kube-proxy")).isFalse();
        assertThat(allowed(CONTROLLER, "delete", "apps", "daemonsets", "default", "spiderpool-agent")).isFalse();
        assertThat(allowed(CONTROLLER, "delete", "", "configmaps", "kube-system", "kubeadm-config")).isFalse();
        assertThat(allowed(CONTROLLER, "update", "operator.spiderpool.spidernet.io", "spiderpools/status", "", "spiderpool")).isTrue();
        assertThat(allowed(CONTROLLER, "update", "operator.spiderpool.spidernet.io", "spiderpools", "", "other")).isFalse();
        assertThat(allowed(CONTROLLER, "delete", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "",
                "another-webhook")).isFalse();
        assertThat(allowed(AGENT, "get", "operator.spiderpool.spidernet.io", "spiderpools", "", "spiderpool")).isFalse();
    }

    @Test
    void rulesMatchSubresourcesNamesAndDiscoveryAsTheApiServerDoes() {
        assertThat(allowed(AGENT, "patch", "spiderpool.spidernet.io", "spiderippools/status", "", "p1")).isTrue();
        assertThat(allowed(AGENT, "patch", "spiderpool.spidernet.io", "spiderippools", "", "p1")).isFalse();
        assertThat(allowed(AGENT, "watch", "", "nodes", "", "node-1")).isTrue();
        assertThat(allowed(AGENT, "get", "kubevirt.io", "virtualmachines", "vms", "vm1")).isTrue();
        assertThat(allowed(AGENT, "get", "apps", "virtualmachines", "vms", "vm1")).as("wrong group").isFalse();
        assertThat(allowed(CONTROLLER, "patch", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "",
                "spiderpool-controller")).isTrue();
        assertThat(allowed(CONTROLLER, "patch", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "",
                "another-webhook")).isFalse();
        assertThat(RbacPolicy.allowing(AGENT, ApiCall.of("GET", "/apis/kubevirt.io/v1"))).isPresent();
        assertThat(RbacPolicy.allowing(AGENT, ApiCall.of("GET", "/metrics"))).isEmpty();
    }

    private static boolean allowed(List<RbacPolicy.Grant> grants, String verb, String group, String resource, String namespace,
                                   String name) {
        String[] r = resource.split("/", 2);
        return RbacPolicy.allowing(grants, new ApiCall(verb, group, r[0], r.length > 1 ? r[1] : "", namespace, name, null)).isPresent();
    }
}
