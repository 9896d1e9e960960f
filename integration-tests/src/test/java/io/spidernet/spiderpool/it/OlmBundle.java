package io.spidernet.spiderpool.it;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The OLM bundle in deploy/olm and the parts of it that are derived from other files: the CRD copies
 * (deploy/crds without the header comment), the CSV's permissions (deploy/rbac), webhook definitions
 * (deploy/controller/webhooks.yaml) and {@code alm-examples} (deploy/examples). The CSV keeps each
 * derived part between {@code # BEGIN generated: <part>} and {@code # END generated: <part>} lines,
 * so the hand-written rest keeps its comments; {@link #regenerated(String)} rewrites the blocks.
 */
final class OlmBundle {
    static final String UPDATE_PROPERTY = "spiderpool.olm.update";
    static final Path DIR = Repo.path("deploy/olm");
    static final Path MANIFESTS = DIR.resolve("manifests");
    static final Path CSV = MANIFESTS.resolve("spiderpool.clusterserviceversion.yaml");
    static final String DEPLOYMENT = "spiderpool-controller";
    /** OLM's default namespace for AllNamespaces operators: where the CSV's namespaced permissions apply in these tests. */
    static final String INSTALL_NAMESPACE = "operators";
    /** The ServiceAccounts of deploy/rbac the bundle carries: the controller's, and the agent's for the DaemonSet it creates. */
    static final List<String> SERVICE_ACCOUNTS = List.of("spiderpool-controller", "spiderpool-agent");
    /**
     * Roles of deploy/rbac that name objects of a fixed namespace (kubeadm's and Cilium's ConfigMaps in
     * kube-system), not of the namespace Spiderpool runs in. OLM creates a CSV's {@code permissions} only
     * in the operator's namespace, so these become cluster-wide rules with the same resourceNames.
     */
    static final Set<String> FIXED_NAMESPACE_ROLES = Set.of("spiderpool-controller-cluster-config");
    /** The example of each kind offered in the console: the first object of the file (its status dropped). */
    static final Map<String, String> EXAMPLES = examples();
    /** OLM's Service in front of a webhook Deployment listens here; it forwards to the webhook port (targetPort). */
    static final int WEBHOOK_SERVICE_PORT = 443;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BLOCK = Pattern.compile(
            "(?m)^( *)# BEGIN generated: (\\S+)\\n(?:.*\\n)*?\\1# END generated: \\2\\n");

    private OlmBundle() {}

    private static Map<String, String> examples() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Spiderpool", "spiderpool-operator.yaml");
        m.put("SpiderIPPool", "ippool-default-v4.yaml");
        m.put("SpiderSubnet", "subnet.yaml");
        m.put("SpiderReservedIP", "reservedip.yaml");
        m.put("SpiderCoordinator", "coordinator.yaml");
        m.put("SpiderMultusConfig", "multusconfig-macvlan.yaml");
        return m;
    }

    static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    static Path crdSource(String name) {
        return Repo.path("deploy/crds").resolve(name + ".yaml");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file, comments and empty documents dropped. */
    static List<JsonNode> documents(Path file) {
        try (var parser = YAML.createParser(file.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(d -> d != null && !d.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode csv() {
        return yaml(read(CSV));
    }

    /** The CSV's one Deployment (the controller). */
    static JsonNode deployment(JsonNode csv) {
        for (JsonNode d : csv.path("spec").path("install").path("spec").path("deployments")) {
            if (d.path("name").asText().equals(DEPLOYMENT)) {
                return d;
            }
        }
        throw new AssertionError("the CSV has no deployment " + DEPLOYMENT);
    }

    static JsonNode controllerContainer(JsonNode csv) {
        return deployment(csv).path("spec").path("template").path("spec").path("containers").get(0);
    }

    // ---- CRD copies

    /** manifests/ file name to content: every CRD of deploy/crds, its leading comment lines dropped. */
    static Map<String, String> crdCopies() {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(Repo.path("deploy/crds"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.put(f.getFileName().toString(), withoutHeader(read(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The text after the leading {@code #} lines: the source's "generated, regenerate with" note is not the copy's. */
    static String withoutHeader(String text) {
        int i = 0;
        while (text.startsWith("#", i)) {
            int nl = text.indexOf('\n', i);
            i = nl < 0 ? text.length() : nl + 1;
        }
        return text.substring(i);
    }

    // ---- the CSV's generated blocks

    /** {@code csvText} with every generated block rewritten from its sources. */
    static String regenerated(String csvText) {
        Matcher m = BLOCK.matcher(csvText);
        StringBuilder out = new StringBuilder();
        Set<String> seen = new java.util.TreeSet<>();
        while (m.find()) {
            String indent = m.group(1);
            String part = m.group(2);
            seen.add(part);
            StringBuilder block = new StringBuilder(indent + "# BEGIN generated: " + part + "\n");
            for (String line : part(part)) {
                block.append(line.isEmpty() ? "" : indent + line).append('\n');
            }
            block.append(indent).append("# END generated: ").append(part).append('\n');
            m.appendReplacement(out, Matcher.quoteReplacement(block.toString()));
        }
        m.appendTail(out);
        Set<String> expected = Set.of("alm-examples", "clusterPermissions", "permissions", "webhookdefinitions");
        if (!seen.equals(expected)) {
            throw new AssertionError("the CSV's generated blocks are " + seen + ", expected " + expected
                    + " (each between '# BEGIN generated: <part>' and '# END generated: <part>' at one indentation)");
        }
        return out.toString();
    }

    private static List<String> part(String name) {
        return switch (name) {
            case "alm-examples" -> almExamplesBlock();
            case "clusterPermissions" -> permissionsBlock(true);
            case "permissions" -> permissionsBlock(false);
            case "webhookdefinitions" -> webhookDefinitionsBlock();
            default -> throw new AssertionError("unknown generated block " + name);
        };
    }

    /** The example objects, in {@link #EXAMPLES} order; a kind whose file does not exist yet is left out. */
    static List<JsonNode> almExamples() {
        List<JsonNode> out = new ArrayList<>();
        EXAMPLES.forEach((kind, file) -> {
            Path path = Repo.path("deploy/examples").resolve(file);
            if (!Files.exists(path)) {
                return;  // only the operator's example may be missing: OlmBundleTest requires the others
            }
            JsonNode first = documents(path).getFirst();
            if (!first.path("kind").asText().equals(kind)) {
                throw new AssertionError(path + " starts with a " + first.path("kind").asText() + ", expected a " + kind);
            }
            ObjectNode example = first.deepCopy();
            example.remove("status");  // Spiderpool writes it; a create template has none
            out.add(example);
        });
        return out;
    }

    private static List<String> almExamplesBlock() {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n")).withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            String json = JSON.writer(pretty).writeValueAsString(almExamples());
            List<String> lines = new ArrayList<>(List.of("alm-examples: |-"));
            json.lines().forEach(l -> lines.add("  " + l));
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One rule list per ServiceAccount: {@code cluster} the ClusterRole rules and fixed-namespace Roles, else the own-namespace Roles. */
    static Map<String, List<RbacPolicy.Grant>> rbacGrants(boolean cluster) {
        RbacPolicy policy = RbacPolicy.load(Repo.path("deploy/rbac"));
        Map<String, List<RbacPolicy.Grant>> out = new LinkedHashMap<>();
        for (String sa : SERVICE_ACCOUNTS) {
            List<RbacPolicy.Grant> grants = policy.grantsOf("kube-system", sa).stream()
                    .filter(g -> clusterWide(g) == cluster).toList();
            if (!grants.isEmpty()) {
                out.put(sa, grants);
            }
        }
        return out;
    }

    static boolean clusterWide(RbacPolicy.Grant g) {
        return g.namespace() == null || FIXED_NAMESPACE_ROLES.stream().anyMatch(r -> g.source().equals("Role " + r));
    }

    private static List<String> permissionsBlock(boolean cluster) {
        List<String> lines = new ArrayList<>(List.of(cluster ? "clusterPermissions:" : "permissions:"));
        rbacGrants(cluster).forEach((sa, grants) -> {
            lines.add("  - serviceAccountName: " + sa);
            lines.add("    rules:");
            String source = null;
            for (RbacPolicy.Grant g : grants) {
                if (!g.source().equals(source)) {
                    source = g.source();
                    lines.add("      # " + source + (g.namespace() == null ? "" : " in " + g.namespace()) + " of deploy/rbac"
                            + (g.namespace() != null && cluster ? ": OLM makes Roles only in its own namespace, so cluster-wide by name" : ""));
                }
                lines.addAll(indent("      ", FlowYaml.listItem(rule(g.rule()))));
            }
        });
        return lines;
    }

    private static Map<String, Object> rule(PolicyRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "apiGroups", r.getApiGroups());
        putIfPresent(m, "resources", r.getResources());
        putIfPresent(m, "resourceNames", r.getResourceNames());
        putIfPresent(m, "nonResourceURLs", r.getNonResourceURLs());
        m.put("verbs", r.getVerbs());
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, List<String> values) {
        if (values != null && !values.isEmpty()) {
            m.put(key, values);
        }
    }

    private static List<String> webhookDefinitionsBlock() {
        KubernetesSerialization k8s = new KubernetesSerialization();
        List<String> lines = new ArrayList<>(List.of("webhookdefinitions:",
                "  # one per webhook of deploy/controller/webhooks.yaml; OLM creates the configurations, their Service",
                "  # (" + DEPLOYMENT + "-service, port " + WEBHOOK_SERVICE_PORT + " to the webhook port) and certificate"));
        for (String doc : read(Repo.path("deploy/controller/webhooks.yaml")).split("(?m)^---\\s*$")) {
            if (doc.lines().noneMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
                continue;
            }
            HasMetadata config = k8s.unmarshal(doc);
            if (config instanceof MutatingWebhookConfiguration mutating) {
                mutating.getWebhooks().forEach(w -> lines.addAll(indent("  ", FlowYaml.listItem(definition("MutatingAdmissionWebhook",
                        "mutate.", w.getName(), w.getClientConfig(), w.getAdmissionReviewVersions(), w.getSideEffects(),
                        w.getFailurePolicy(), w.getTimeoutSeconds(), w.getRules())))));
            } else if (config instanceof ValidatingWebhookConfiguration validating) {
                validating.getWebhooks().forEach(w -> lines.addAll(indent("  ", FlowYaml.listItem(definition("ValidatingAdmissionWebhook",
                        "validate.", w.getName(), w.getClientConfig(), w.getAdmissionReviewVersions(), w.getSideEffects(),
                        w.getFailurePolicy(), w.getTimeoutSeconds(), w.getRules())))));
            }
        }
        return lines;
    }

    private static Map<String, Object> definition(String type, String prefix, String name, WebhookClientConfig client,
                                                  List<String> reviewVersions, String sideEffects, String failurePolicy,
                                                  Integer timeoutSeconds, List<RuleWithOperations> rules) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        // the mutating and the validating webhook of a kind share a name in webhooks.yaml; OLM needs distinct ones
        m.put("generateName", prefix + name);
        m.put("deploymentName", DEPLOYMENT);
        m.put("containerPort", WEBHOOK_SERVICE_PORT);
        m.put("targetPort", client.getService().getPort());
        m.put("webhookPath", client.getService().getPath());
        m.put("admissionReviewVersions", reviewVersions);
        m.put("sideEffects", sideEffects);
        m.put("failurePolicy", failurePolicy);
        m.put("timeoutSeconds", timeoutSeconds);
        List<Object> rs = new ArrayList<>();
        for (RuleWithOperations r : rules) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("apiGroups", r.getApiGroups());
            rm.put("apiVersions", r.getApiVersions());
            rm.put("operations", r.getOperations());
            rm.put("resources", r.getResources());
            if (r.getScope() != null) {
                rm.put("scope", r.getScope());
            }
            rs.add(rm);
        }
        m.put("rules", rs);
        return m;
    }

    private static List<String> indent(String prefix, List<String> lines) {
        return lines.stream().map(l -> prefix + l).toList();
    }

    // ---- the CSV's permissions as RBAC objects

    /**
     * What OLM makes of the CSV's permissions when installed in {@code namespace}: a ClusterRole and
     * ClusterRoleBinding per {@code clusterPermissions} entry, a Role and RoleBinding in that namespace
     * per {@code permissions} entry, bound to the entry's ServiceAccount there.
     */
    static RbacPolicy policy(JsonNode csv, String namespace) {
        List<HasMetadata> objects = new ArrayList<>();
        JsonNode spec = csv.path("spec").path("install").path("spec");
        for (JsonNode e : spec.path("clusterPermissions")) {
            String sa = e.path("serviceAccountName").asText();
            String name = "csv-" + sa;
            objects.add(new ClusterRoleBuilder().withMetadata(meta(name, null)).withRules(rules(e.path("rules"))).build());
            objects.add(new ClusterRoleBindingBuilder().withMetadata(meta(name, null))
                    .withRoleRef(new RoleRef("rbac.authorization.k8s.io", "ClusterRole", name)).withSubjects(subject(sa, namespace)).build());
        }
        for (JsonNode e : spec.path("permissions")) {
            String sa = e.path("serviceAccountName").asText();
            String name = "csv-" + sa;
            objects.add(new RoleBuilder().withMetadata(meta(name, namespace)).withRules(rules(e.path("rules"))).build());
            objects.add(new RoleBindingBuilder().withMetadata(meta(name, namespace))
                    .withRoleRef(new RoleRef("rbac.authorization.k8s.io", "Role", name)).withSubjects(subject(sa, namespace)).build());
        }
        return RbacPolicy.of(objects);
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta meta(String name, String namespace) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).build();
    }

    private static Subject subject(String sa, String namespace) {
        return new SubjectBuilder().withKind("ServiceAccount").withName(sa).withNamespace(namespace).build();
    }

    private static List<PolicyRule> rules(JsonNode rules) {
        List<PolicyRule> out = new ArrayList<>();
        for (JsonNode r : rules) {
            out.add(JSON.convertValue(r, PolicyRule.class));
        }
        return out;
    }

    /** The alm-examples annotation of the CSV, parsed. */
    static List<JsonNode> almExamplesOf(JsonNode csv) {
        String text = Optional.ofNullable(csv.path("metadata").path("annotations").get("alm-examples"))
                .map(JsonNode::asText).orElseThrow(() -> new AssertionError("the CSV has no alm-examples annotation"));
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(text).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new AssertionError("alm-examples is not JSON: " + e.getMessage(), e);
        }
    }
}
