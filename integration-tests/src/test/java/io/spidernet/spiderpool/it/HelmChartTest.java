package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/helm/spiderpool rendered by Helm (helm-java): it lints; it renders with the default values,
 * dual stack with default pools, metrics and each TLS method; every object parses into a typed
 * fabric8 model; its RBAC, webhooks and CRDs are deploy/'s; and every environment variable it gives a
 * container is one the app reads.
 */
class HelmChartTest {
    private static final String AGENT = "spiderpool-agent";
    private static final String CONTROLLER = "spiderpool-controller";
    /** Kinds without a fabric8 model class here; each gets its own schema check below. */
    private static final Set<String> UNTYPED = Set.of("Certificate", "GrafanaDashboard");

    @Test
    void lintsAndRendersWithEveryValueSetIntoTypedObjects() {
        long t0 = System.nanoTime();
        LintResult lint = HelmChart.lint();
        long lintMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
        Map<String, Map<String, String>> sets = new java.util.LinkedHashMap<>();
        sets.put("defaults", HelmValues.DEFAULTS);
        sets.put("dual stack + default pools", HelmValues.DUAL_STACK_POOLS);
        sets.put("metrics", HelmValues.METRICS);
        sets.put("tls provided", HelmValues.TLS_PROVIDED);
        sets.put("tls certmanager", HelmValues.TLS_CERTMANAGER);
        StringBuilder figures = new StringBuilder();
        boolean first = true;
        for (Map.Entry<String, Map<String, String>> set : sets.entrySet()) {
            HelmChart.Rendered r = HelmChart.render(set.getValue());
            if (first) {
                // the first render loads Helm's native library; the second one shows what a render costs
                Duration warm = HelmChart.render(set.getValue()).took();
                figures.append(String.format("lint %d ms (first Helm call: loads Helm's native library), render cold %d ms,"
                        + " warm %d ms%n", lintMillis, r.took().toMillis(), warm.toMillis()));
                first = false;
            }
            figures.append(String.format("  %-28s %2d objects + %d hooks: %s%n", set.getKey(), r.objects().size(), r.hooks().size(),
                    r.all().stream().collect(Collectors.groupingBy(HasMetadata::getKind, TreeMap::new, Collectors.counting()))));
            for (HasMetadata o : r.all()) {
                if (UNTYPED.contains(o.getKind())) {
                    assertThat(o).isInstanceOf(GenericKubernetesResource.class);
                } else {
                    assertThat(o).as("%s %s parses into its fabric8 model class", o.getKind(), o.getMetadata().getName())
                            .isNotInstanceOf(GenericKubernetesResource.class);
                }
            }
        }
        System.out.print("Helm chart: " + figures);
        assertThat(HelmChart.crds()).hasSize(6);
    }

    @Test
    void crdsAreDeploysByteForByteWithoutTheOperatorKind() throws IOException {
        try (Stream<Path> files = Files.list(Repo.path("deploy/crds"))) {
            List<Path> spiderpool = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".spiderpool.spidernet.io.yaml") && !n.contains(".operator."))
                    .sorted().map(n -> Repo.path("deploy/crds").resolve(n)).toList();
            assertThat(spiderpool).hasSize(6);
            for (Path f : spiderpool) {
                assertThat(HelmChart.CHART.resolve("crds").resolve(f.getFileName())).as("chart copy of %s", f.getFileName())
                        .hasSameBinaryContentAs(f);
            }
        }
        try (Stream<Path> files = Files.list(HelmChart.CHART.resolve("crds"))) {
            assertThat(files.map(f -> f.getFileName().toString())).hasSize(6)
                    .noneMatch(n -> n.contains("operator.spiderpool.spidernet.io"));
        }
    }

    @Test
    void rbacIsDeploysAndWithoutTheAutomaticCertificateItsSecretAndWebhookGrantsGo() {
        // the chart leaves the operator off: deploy/rbac/operator.yaml is the OLM path's
        RbacPolicy deploy = RbacPolicy.load(Repo.path("deploy/rbac"), f -> !f.getFileName().toString().equals("operator.yaml"));
        RbacPolicy chart = RbacPolicy.of(HelmChart.render(HelmValues.DEFAULTS).all());
        for (String sa : List.of(AGENT, CONTROLLER)) {
            assertThat(new HashSet<>(chart.grantsOf("kube-system", sa))).as("grants of %s", sa)
                    .isEqualTo(new HashSet<>(deploy.grantsOf("kube-system", sa)));
        }
        for (Map<String, String> method : List.of(HelmValues.TLS_PROVIDED, HelmValues.TLS_CERTMANAGER)) {
            List<RbacPolicy.Grant> provided = RbacPolicy.of(HelmChart.render(method).all()).grantsOf("kube-system", CONTROLLER);
            Set<RbacPolicy.Grant> expected = deploy.grantsOf("kube-system", CONTROLLER).stream()
                    .filter(g -> !g.rule().getResources().contains("secrets")
                            && !g.rule().getApiGroups().contains("admissionregistration.k8s.io"))
                    .collect(Collectors.toSet());
            assertThat(new HashSet<>(provided)).as("controller grants with %s", method).isEqualTo(expected);
        }
    }

    @Test
    void webhooksAreDeploysAndFollowTheTlsMethod() throws IOException {
        KubernetesSerialization yaml = new KubernetesSerialization();
        List<HasMetadata> deploy = HelmChart.documents(Files.readString(Repo.path("deploy/controller/webhooks.yaml"))).stream()
                .<HasMetadata>map(yaml::unmarshal).toList();
        HelmChart.Rendered r = HelmChart.render(HelmValues.DEFAULTS);
        assertThat(r.one(MutatingWebhookConfiguration.class, CONTROLLER).getWebhooks())
                .isEqualTo(((MutatingWebhookConfiguration) deploy.get(0)).getWebhooks());
        assertThat(r.one(ValidatingWebhookConfiguration.class, CONTROLLER).getWebhooks())
                .isEqualTo(((ValidatingWebhookConfiguration) deploy.get(1)).getWebhooks());

        HelmChart.Rendered provided = HelmChart.render(HelmValues.TLS_PROVIDED);
        assertThat(provided.one(ValidatingWebhookConfiguration.class, CONTROLLER).getWebhooks())
                .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isEqualTo("Q0E="));
        assertThat(args(provided, CONTROLLER)).contains("--tls-server-cert=/etc/tls/tls.crt", "--tls-server-key=/etc/tls/tls.key");
        assertThat(args(r, CONTROLLER)).noneMatch(a -> a.startsWith("--tls-"));

        HelmChart.Rendered certmanager = HelmChart.render(HelmValues.TLS_CERTMANAGER);
        assertThat(certmanager.one(MutatingWebhookConfiguration.class, CONTROLLER).getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/inject-ca-from", "kube-system/spiderpool-controller-server-certs");
        // no fabric8 model for cert-manager: the fields cert-manager requires, by hand
        GenericKubernetesResource cert = certmanager.one(GenericKubernetesResource.class, "spiderpool-controller-server-certs");
        assertThat(cert.getApiVersion()).isEqualTo("cert-manager.io/v1");
        Map<String, Object> spec = cert.get("spec");
        assertThat(spec).containsEntry("secretName", "spiderpool-controller-server-certs").containsKeys("issuerRef", "dnsNames", "duration");
        assertThat((List<Object>) spec.get("dnsNames")).contains("spiderpool-controller.kube-system.svc");

        Map<String, String> pods = HelmValues.merge(HelmValues.DEFAULTS, Map.of("spiderpoolController.podResourceInject.enabled", "true"));
        assertThat(HelmChart.render(pods).one(MutatingWebhookConfiguration.class, CONTROLLER).getWebhooks())
                .anySatisfy(w -> assertThat(w.getClientConfig().getService().getPath()).isEqualTo("/mutate--v1-pod"));
    }

    @Test
    void aBadTlsMethodOrAPoolWithoutRangesStopsTheRenderSayingWhatToSet() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("spiderpoolController.tls.method", "self")))
                .hasMessageContaining("use auto, provided or certmanager");
        assertThatThrownBy(() -> HelmChart.render(Map.of("clusterDefaultPool.installIPv4IPPool", "true",
                "clusterDefaultPool.ipv4Subnet", "10.0.0.0/24"))).hasMessageContaining("clusterDefaultPool.ipv4IPRanges is required");
        assertThatThrownBy(() -> HelmChart.render(Map.of("spiderpoolController.tls.method", "provided")))
                .hasMessageContaining("spiderpoolController.tls.provided.tlsCa is required");
    }

    @Test
    void everyEnvironmentVariableTheChartSetsIsReadByItsApp() {
        HelmChart.Rendered r = HelmChart.render(HelmValues.merge(HelmValues.METRICS,
                Map.of("multus.multusCNI.defaultCniCRName", "calico")));
        Map<String, AppEnvNames> apps = Map.of(AGENT, AppEnvNames.agent(), CONTROLLER, AppEnvNames.controller());
        for (Map.Entry<String, AppEnvNames> app : apps.entrySet()) {
            List<String> env = container(r, app.getKey()).getEnv().stream().map(EnvVar::getName).toList();
            assertThat(env).as("%s env", app.getKey()).hasSizeGreaterThan(5)
                    .allSatisfy(name -> assertThat(app.getValue().reads(name)).as("%s reads %s", app.getKey(), name).isTrue());
        }
        assertThat(container(r, AGENT).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SPIDERPOOL_AGENT_STORE");
            assertThat(e.getValue()).isEqualTo("kubernetes");
        });
        assertThat(AppEnvNames.agent().reads("SPIDERPOOL_AGENT_NO_SUCH_SETTING")).isFalse();
    }

    @Test
    void theAgentDaemonSetHasTheSharedShapeAndConfYmlParses() {
        HelmChart.Rendered r = HelmChart.render(HelmValues.DUAL_STACK_POOLS);
        DaemonSet ds = r.one(DaemonSet.class, AGENT);
        var pod = ds.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        Container init = pod.getInitContainers().getFirst();
        assertThat(init.getName()).isEqualTo("install-cni");
        assertThat(init.getCommand()).containsExactly("/usr/local/bin/install-cni");
        assertThat(init.getArgs()).containsSubsequence("--source", "/opt/spiderpool/cni", "--target", "/host/opt/cni/bin");
        Container agent = container(r, AGENT);
        assertThat(agent.getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/var/run/netns", "/var/run/spidernet", "/tmp/spiderpool/config-map");
        assertThat(agent.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(5710);
        assertThat(agent.getArgs()).containsExactly("daemon", "--config-path=/tmp/spiderpool/config-map/conf.yml");

        SpiderpoolConfFile conf = SpiderpoolConfFile.parse(r.one(ConfigMap.class, "spiderpool-conf").getData().get("conf.yml"));
        assertThat(conf.enableIPv4()).isTrue();
        assertThat(conf.enableIPv6()).isTrue();
        assertThat(conf.clusterSubnetDefaultFlexibleIPNumber()).isEqualTo(1);

        Deployment controller = r.one(Deployment.class, CONTROLLER);
        assertThat(controller.getSpec().getReplicas()).isEqualTo(2);
        assertThat(controller.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
        assertThat(r.one(PodDisruptionBudget.class, CONTROLLER).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);

        assertThat(r.hooks()).extracting(HasMetadata::getKind, o -> o.getMetadata().getName()).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("SpiderCoordinator", "default"),
                org.assertj.core.groups.Tuple.tuple("SpiderSubnet", "default-v4-subnet"),
                org.assertj.core.groups.Tuple.tuple("SpiderIPPool", "default-v4-ippool"),
                org.assertj.core.groups.Tuple.tuple("SpiderSubnet", "default-v6-subnet"),
                org.assertj.core.groups.Tuple.tuple("SpiderIPPool", "default-v6-ippool"));
        assertThat(r.one(SpiderIPPool.class, "default-v6-ippool").getSpec().getDefault()).isTrue();
        assertThat(r.one(SpiderSubnet.class, "default-v4-subnet").getSpec().getIps()).containsExactly("172.20.0.10-172.20.0.200");
        assertThat(r.one(SpiderCoordinator.class, "default").getSpec().getHijackCIDR()).containsExactly("169.254.0.0/16");
    }

    @Test
    void monitoringObjectsAreTypedAndQueryOnlySpiderpoolMetrics() {
        HelmChart.Rendered r = HelmChart.render(HelmValues.METRICS);
        assertThat(r.of(ServiceMonitor.class)).hasSize(2)
                .allSatisfy(m -> assertThat(m.getSpec().getEndpoints()).singleElement().satisfies(e -> assertThat(e.getPort()).isEqualTo("metrics")));
        assertThat(r.of(PrometheusRule.class)).hasSize(2);
        assertThat(metricNames(r)).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("spiderpool_"));
    }

    @Test
    void valuesMdListsEveryValue() throws IOException {
        Map<String, Object> values = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readValue(HelmChart.CHART.resolve("values.yaml").toFile(), Map.class);
        List<String> lines = Files.readAllLines(HelmChart.CHART.resolve("VALUES.md"));
        List<String> keys = new java.util.ArrayList<>();
        leaves(values, "", keys);
        assertThat(keys).hasSizeGreaterThan(150).allSatisfy(key -> assertThat(documented(key, lines)).as("VALUES.md lists %s", key).isTrue());
        assertThat(documented("spiderpoolAgent.noSuchValue", lines)).isFalse();
    }

    /** Maps of settings are values themselves (labels, resources, selectors ...): a leaf is where a map of free keys starts. */
    private static final Set<String> FREE_MAPS = Set.of("nodeSelector", "commonLabels", "commonAnnotations", "annotations", "labels",
            "podAnnotations", "podLabels", "affinity", "securityContext", "limits", "requests", "rollingUpdate", "matchLabels");

    @SuppressWarnings("unchecked")
    private static void leaves(Map<String, Object> map, String prefix, List<String> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty() && !FREE_MAPS.contains(e.getKey())) {
                leaves((Map<String, Object>) m, key, out);
            } else {
                out.add(key);
            }
        }
    }

    /** Named in full, or on a row of one of its ancestors that names each remaining segment (or {@code *}). */
    private static boolean documented(String key, List<String> lines) {
        String[] parts = key.split("\\.");
        for (String line : lines) {
            if (line.contains("`" + key + "`")) {
                return true;
            }
            for (int i = parts.length - 1; i >= 1; i--) {
                String ancestor = String.join(".", java.util.Arrays.copyOf(parts, i));
                if (line.startsWith("| `" + ancestor + ".") && (line.contains("`" + ancestor + ".*`") || java.util.Arrays
                        .stream(parts, i, parts.length).allMatch(seg -> line.matches(".*\\b" + seg + "\\b.*")))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every metric name the chart's PrometheusRules and dashboard query (what the E2E test scrapes for). */
    static Set<String> metricNames(HelmChart.Rendered r) {
        StringBuilder queries = new StringBuilder();
        r.of(PrometheusRule.class).forEach(p -> p.getSpec().getGroups()
                .forEach(g -> g.getRules().forEach(rule -> queries.append(rule.getExpr().getStrVal()).append('\n'))));
        r.of(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith("grafana-dashboard"))
                .forEach(c -> queries.append(c.getData().values().iterator().next()));
        Set<String> names = new HashSet<>();
        Matcher m = Pattern.compile("\\b(spiderpool_[a-z_]+)").matcher(queries);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static Container container(HelmChart.Rendered r, String name) {
        List<Container> all = Stream.concat(
                r.of(DaemonSet.class).stream().flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()),
                r.of(Deployment.class).stream().flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())).toList();
        return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> args(HelmChart.Rendered r, String name) {
        return container(r, name).getArgs();
    }
}
