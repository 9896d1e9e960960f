package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.core.multus.CrdSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/olm is consistent with the rest of the repository: the CSV's generated blocks and the CRD
 * copies are current (run with {@code -Dspiderpool.olm.update=true} to rewrite them), every owned
 * CRD is in the bundle, descriptors name real fields, the permissions are deploy/rbac's, the examples
 * pass their CRDs' schemas, the Deployment runs this version with settings the controller reads, and
 * the bundle's annotations and image labels agree.
 *
 * <p>The generated parts are rewritten with {@code -Dspiderpool.olm.update=true} after a change of
 * deploy/crds, deploy/rbac, deploy/controller/webhooks.yaml or deploy/examples.
 */
class OlmBundleTest {
    private static final String VERSION = projectVersion();

    @Test
    void generatedPartsAndCrdCopiesAreCurrent() throws IOException {
        String csvText = OlmBundle.read(OlmBundle.CSV);
        String expected = OlmBundle.regenerated(csvText);
        Map<String, String> copies = OlmBundle.crdCopies();
        if (OlmBundle.updating()) {
            update(csvText, expected, copies);
            csvText = OlmBundle.read(OlmBundle.CSV);
        }
        String fix = " (rewrite with: mvn -o test -pl integration-tests -am -Dtest=OlmBundleTest -D"
                + OlmBundle.UPDATE_PROPERTY + "=true -Dsurefire.failIfNoSpecifiedTests=false)";
        assertThat(csvText).as("the CSV's generated blocks against deploy/rbac, deploy/controller/webhooks.yaml and deploy/examples" + fix)
                .isEqualTo(expected);
        for (Map.Entry<String, String> copy : copies.entrySet()) {
            Path file = OlmBundle.MANIFESTS.resolve(copy.getKey());
            assertThat(file).as("CRD copy of deploy/crds/%s%s", copy.getKey(), fix).exists();
            assertThat(Files.readString(file)).as("manifests/%s against deploy/crds%s", copy.getKey(), fix).isEqualTo(copy.getValue());
        }
        assertThat(manifestCrdFiles()).as("CRD files in manifests/ (no stale ones)" + fix).isEqualTo(new TreeSet<>(copies.keySet()));
    }

    private static void update(String csvText, String expected, Map<String, String> copies) throws IOException {
        List<String> changed = new ArrayList<>();
        if (!csvText.equals(expected)) {
            Files.writeString(OlmBundle.CSV, expected);
            changed.add(OlmBundle.CSV.getFileName().toString());
        }
        for (Map.Entry<String, String> copy : copies.entrySet()) {
            Path file = OlmBundle.MANIFESTS.resolve(copy.getKey());
            if (!Files.exists(file) || !Files.readString(file).equals(copy.getValue())) {
                Files.writeString(file, copy.getValue());
                changed.add(copy.getKey());
            }
        }
        for (String stale : manifestCrdFiles()) {
            if (!copies.containsKey(stale)) {
                Files.delete(OlmBundle.MANIFESTS.resolve(stale));
                changed.add(stale + " (deleted)");
            }
        }
        System.out.println("OLM bundle update: " + (changed.isEmpty() ? "nothing changed" : "rewrote " + changed));
    }

    private static Set<String> manifestCrdFiles() throws IOException {
        try (Stream<Path> files = Files.list(OlmBundle.MANIFESTS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals(OlmBundle.CSV.getFileName().toString())).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyCrdIsOwnedAndInTheBundleWithTheOwnedVersionAndKind() throws IOException {
        JsonNode csv = OlmBundle.csv();
        Set<String> owned = new TreeSet<>();
        for (JsonNode entry : csv.path("spec").path("customresourcedefinitions").path("owned")) {
            String name = entry.path("name").asText();
            owned.add(name);
            JsonNode crd = crd(name);
            assertThat(crd.path("metadata").path("name").asText()).as("manifests/%s.yaml's name", name).isEqualTo(name);
            assertThat(crd.path("spec").path("names").path("kind").asText()).as("kind of %s", name).isEqualTo(entry.path("kind").asText());
            assertThat(version(crd, entry.path("version").asText())).as("served version %s of %s", entry.path("version").asText(), name)
                    .isNotNull();
            assertThat(entry.path("displayName").asText()).as("displayName of %s", name).isNotBlank();
            assertThat(entry.path("description").asText()).as("description of %s", name).isNotBlank();
        }
        Set<String> inDeploy = new TreeSet<>();
        try (Stream<Path> files = Files.list(Repo.path("deploy/crds"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(n -> inDeploy.add(n.replace(".yaml", "")));
        }
        assertThat(owned).as("owned CRDs of the CSV against deploy/crds").containsAll(inDeploy);
    }

    @Test
    void descriptorsNameFieldsOfTheirCrds() {
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (JsonNode entry : OlmBundle.csv().path("spec").path("customresourcedefinitions").path("owned")) {
            String name = entry.path("name").asText();
            JsonNode schema = version(crd(name), entry.path("version").asText()).path("schema").path("openAPIV3Schema");
            for (String part : List.of("spec", "status")) {
                for (JsonNode d : entry.path(part + "Descriptors")) {
                    checked++;
                    if (!resolves(schema.path("properties").path(part), d.path("path").asText())) {
                        unknown.add(entry.path("kind").asText() + " " + part + "." + d.path("path").asText());
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(unknown).as("descriptor paths that are not fields of their CRD's schema").isEmpty();
    }

    /** {@code a.b.c} through {@code properties} (and {@code items} for arrays) of an OpenAPI schema. */
    private static boolean resolves(JsonNode schema, String path) {
        JsonNode at = schema;
        for (String field : path.split("\\.")) {
            if (at.path("type").asText().equals("array")) {
                at = at.path("items");
            }
            at = at.path("properties").path(field.replaceAll("\\[\\d+]$", ""));
            if (at.isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theCsvGrantsWhatDeployRbacGrantsAndNothingMore() {
        RbacPolicy rbac = RbacPolicy.load(Repo.path("deploy/rbac"));
        RbacPolicy olm = OlmBundle.policy(OlmBundle.csv(), OlmBundle.INSTALL_NAMESPACE);
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        int calls = 0;
        for (String sa : OlmBundle.SERVICE_ACCOUNTS) {
            List<RbacPolicy.Grant> there = rbac.grantsOf("kube-system", sa);
            List<RbacPolicy.Grant> here = olm.grantsOf(OlmBundle.INSTALL_NAMESPACE, sa);
            assertThat(there).as("deploy/rbac's grants of %s", sa).isNotEmpty();
            for (RbacPolicy.Grant g : there) {
                // Roles of Spiderpool's own namespace move with it; fixed-namespace ones stay where their objects are
                String ns = g.namespace() == null ? "" : OlmBundle.clusterWide(g) ? g.namespace() : OlmBundle.INSTALL_NAMESPACE;
                for (ApiCall call : calls(g, ns)) {
                    calls++;
                    if (RbacPolicy.allowing(here, call).isEmpty()) {
                        missing.add(sa + ": " + call + " (" + g + ")");
                    }
                }
            }
            for (RbacPolicy.Grant g : here) {
                for (ApiCall call : calls(g, g.namespace() == null ? "" : "kube-system")) {
                    // OLM makes fixed-namespace Roles cluster-wide (by name): such a call is deploy/rbac's in kube-system
                    ApiCall inKubeSystem = new ApiCall(call.verb(), call.group(), call.resource(), call.subresource(), "kube-system",
                            call.name(), call.path());
                    if (RbacPolicy.allowing(there, call).isEmpty() && RbacPolicy.allowing(there, inKubeSystem).isEmpty()) {
                        extra.add(sa + ": " + call + " (" + g + ")");
                    }
                }
            }
        }
        System.out.printf("OLM permissions: %d (ServiceAccount, group, resource, verb, name) grants of deploy/rbac compared%n", calls);
        assertThat(missing).as("grants of deploy/rbac the CSV does not give (RbacCompletenessE2ETest shows the apps need them)").isEmpty();
        assertThat(extra).as("grants of the CSV deploy/rbac does not give").isEmpty();
    }

    /** One call per (group, resource, verb, name) a rule grants, in {@code namespace}. */
    private static List<ApiCall> calls(RbacPolicy.Grant g, String namespace) {
        List<ApiCall> out = new ArrayList<>();
        List<String> names = g.rule().getResourceNames() == null || g.rule().getResourceNames().isEmpty()
                ? List.of("") : g.rule().getResourceNames();
        for (String group : g.rule().getApiGroups()) {
            for (String resource : g.rule().getResources()) {
                String[] r = resource.split("/", 2);
                for (String verb : g.rule().getVerbs()) {
                    for (String name : names) {
                        out.add(new ApiCall(verb, group, r[0], r.length > 1 ? r[1] : "", namespace, name, null));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void almExamplesPassTheirCrdsSchemas() {
        JsonNode csv = OlmBundle.csv();
        Map<String, JsonNode> owned = new LinkedHashMap<>();
        csv.path("spec").path("customresourcedefinitions").path("owned").forEach(e -> owned.put(e.path("kind").asText(), e));
        Set<String> internal = new TreeSet<>();
        OlmBundle.yaml("x: " + csv.path("metadata").path("annotations").path("operators.operatorframework.io/internal-objects").asText())
                .path("x").forEach(n -> internal.add(n.asText()));
        Map<String, List<String>> violations = new TreeMap<>();
        Set<String> withExample = new TreeSet<>();
        for (JsonNode example : OlmBundle.almExamplesOf(csv)) {
            String kind = example.path("kind").asText();
            JsonNode entry = owned.get(kind);
            assertThat(entry).as("alm-examples' %s is an owned kind", kind).isNotNull();
            withExample.add(kind);
            JsonNode crd = crd(entry.path("name").asText());
            assertThat(example.path("apiVersion").asText()).as("apiVersion of the %s example", kind)
                    .isEqualTo(crd.path("spec").path("group").asText() + "/" + entry.path("version").asText());
            CrdSchemaCheck check = new CrdSchemaCheck(version(crd, entry.path("version").asText()).path("schema").path("openAPIV3Schema"));
            JsonNode defaulted = example.deepCopy();
            check.applyDefaults(defaulted);
            violations.put(kind, check.violations(defaulted));
        }
        System.out.println("alm-examples checked against their CRDs: " + violations.keySet());
        assertThat(violations).as("schema violations of alm-examples").allSatisfy((k, v) -> assertThat(v).as(k).isEmpty());
        for (JsonNode entry : owned.values()) {
            String name = entry.path("name").asText();
            if (!internal.contains(name)) {
                assertThat(withExample).as("kinds with an example (every owned kind not in internal-objects)").contains(entry.path("kind").asText());
            }
        }
        if (withExample.contains("Spiderpool")) {
            JsonNode operator = OlmBundle.almExamplesOf(csv).stream().filter(e -> e.path("kind").asText().equals("Spiderpool")).findFirst().orElseThrow();
            assertThat(operator.path("metadata").path("name").asText()).as("the Spiderpool object's name: the operator acts on that one only").isEqualTo("spiderpool");
        }
    }

    @Test
    void annotationsAndBundleDockerfileAgree() throws IOException {
        Map<String, String> annotations = new TreeMap<>();
        OlmBundle.yaml(OlmBundle.read(OlmBundle.DIR.resolve("metadata/annotations.yaml"))).path("annotations")
                .fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> copies = new TreeMap<>();
        for (String line : Files.readAllLines(OlmBundle.DIR.resolve("bundle.Dockerfile"))) {
            Matcher label = Pattern.compile("^LABEL (\\S+)=(\\S+)$").matcher(line);
            Matcher copy = Pattern.compile("^COPY (\\S+) (\\S+)$").matcher(line);
            if (label.matches()) {
                labels.put(label.group(1), label.group(2));
            } else if (copy.matches()) {
                copies.put(copy.group(1), copy.group(2));
            }
        }
        String prefix = "operators.operatorframework.io.bundle.";
        assertThat(labels).as("bundle.Dockerfile's labels against metadata/annotations.yaml").isEqualTo(annotations);
        assertThat(annotations.get(prefix + "mediatype.v1")).isEqualTo("registry+v1");
        for (String dir : List.of("manifests", "metadata")) {
            String declared = annotations.get(prefix + dir + ".v1");
            assertThat(declared).as("%s path", dir).isEqualTo(dir + "/");
            assertThat(copies).as("COPY of %s", dir).containsEntry(dir, "/" + declared);
            assertThat(OlmBundle.DIR.resolve(dir)).isDirectory();
        }
        List<String> channels = List.of(annotations.get(prefix + "channels.v1").split(","));
        assertThat(channels).as("channels").contains(annotations.get(prefix + "channel.default.v1"));
        assertThat(OlmBundle.csv().path("metadata").path("name").asText()).as("CSV name starts with the package name")
                .startsWith(annotations.get(prefix + "package.v1") + ".v");
    }

    @Test
    void theDeploymentRunsThisVersionWithSettingsTheControllerReads() throws IOException {
        JsonNode csv = OlmBundle.csv();
        JsonNode container = OlmBundle.controllerContainer(csv);
        String image = "ghcr.io/spidernet-io/spiderpool-java/controller:" + VERSION;
        assertThat(container.path("image").asText()).isEqualTo(image);
        assertThat(csv.path("metadata").path("annotations").path("containerImage").asText()).isEqualTo(image);
        List<String> related = new ArrayList<>();
        csv.path("spec").path("relatedImages").forEach(r -> related.add(r.path("image").asText()));
        assertThat(related).containsExactlyInAnyOrder(image, "ghcr.io/spidernet-io/spiderpool-java/agent:" + VERSION);
        String csvVersion = csv.path("spec").path("version").asText();
        assertThat(csvVersion).as("spec.version: the project version, lower case (a CSV name is a DNS name)").isEqualTo(VERSION.toLowerCase());
        assertThat(csv.path("metadata").path("name").asText()).isEqualTo("spiderpool.v" + csvVersion);
        List<String> modes = new ArrayList<>();
        csv.path("spec").path("installModes").forEach(m -> {
            if (m.path("supported").asBoolean()) {
                modes.add(m.path("type").asText());
            }
        });
        assertThat(modes).as("supported install modes").containsExactly("AllNamespaces");
        assertThat(csv.path("spec").path("minKubeVersion").asText()).matches("\\d+\\.\\d+\\.\\d+");

        String properties = Files.readString(Repo.path("spiderpool-controller/src/main/resources/application.properties"));
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
        for (String name : env.keySet()) {
            boolean read = properties.contains("${" + name + ":") || properties.contains("${" + name + "}")
                    // Quarkus reads the controller's own properties (spiderpool.controller.*) from their env form;
                    // OlmControllerE2ETest shows the certificate ones take effect
                    || name.startsWith("SPIDERPOOL_CONTROLLER_");
            assertThat(read).as("env %s is read by the controller (application.properties)", name).isTrue();
        }
        assertThat(env.get("SPIDERPOOL_CONTROLLER_WEBHOOK_CERT_FILE")).isEqualTo("/tmp/k8s-webhook-server/serving-certs/tls.crt");
        assertThat(env.get("SPIDERPOOL_CONTROLLER_WEBHOOK_KEY_FILE")).isEqualTo("/tmp/k8s-webhook-server/serving-certs/tls.key");

        Map<String, Integer> ports = new TreeMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports).containsEntry("health", Integer.parseInt(env.get("SPIDERPOOL_HEALTH_PORT")))
                .containsEntry("webhook", Integer.parseInt(env.get("SPIDERPOOL_WEBHOOK_PORT")))
                .containsEntry("metrics", Integer.parseInt(env.get("SPIDERPOOL_METRIC_HTTP_PORT")))
                .containsEntry("admin", 5723);
        String root = property(properties, "quarkus.smallrye-health.root-path");
        for (String probe : List.of("startup", "readiness", "liveness")) {
            JsonNode get = container.path(probe + "Probe").path("httpGet");
            assertThat(get.path("path").asText()).as(probe + " probe path")
                    .isEqualTo(root + "/" + property(properties, "quarkus.smallrye-health." + probe + "-path"));
            assertThat(get.path("port").asInt()).as(probe + " probe port").isEqualTo(ports.get("health"));
        }
        for (JsonNode w : csv.path("spec").path("webhookdefinitions")) {
            assertThat(w.path("deploymentName").asText()).isEqualTo(OlmBundle.DEPLOYMENT);
            assertThat(w.path("targetPort").asInt()).as("targetPort of %s", w.path("generateName").asText()).isEqualTo(ports.get("webhook"));
        }
        assertThat(csv.path("spec").path("webhookdefinitions")).hasSizeGreaterThanOrEqualTo(10);
    }

    private static String property(String properties, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(.*)$").matcher(properties);
        assertThat(m.find()).as("%s in the controller's application.properties", key).isTrue();
        return m.group(1).trim();
    }

    private static JsonNode crd(String name) {
        Path file = OlmBundle.MANIFESTS.resolve(name + ".yaml");
        assertThat(file).as("the bundle's copy of CRD %s", name).exists();
        return OlmBundle.documents(file).getFirst();
    }

    private static JsonNode version(JsonNode crd, String version) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version) && v.path("served").asBoolean()) {
                return v;
            }
        }
        return null;
    }

    private static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>spiderpool-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(OlmBundle.read(Repo.path("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no spiderpool-parent version in pom.xml");
        }
        return m.group(1);
    }
}
