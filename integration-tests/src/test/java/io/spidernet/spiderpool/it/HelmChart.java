package io.spidernet.spiderpool.it;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * deploy/helm/spiderpool rendered by Helm itself (helm-java embeds Helm 3.21), the way
 * {@code helm install} would create it: the CRDs of {@code crds/} (Helm installs them as they are,
 * before anything else), the release's objects, and the post-install hooks.
 *
 * <p>helm-java's {@code template} returns the release manifest only, without hooks. So the chart is
 * rendered from a copy in which the annotation key {@code helm.sh/hook} is renamed to
 * {@link #HOOK_MARK}: Helm then renders the hook objects with the rest, byte for byte as it would
 * render them as hooks, and the mark tells them apart ({@link Rendered#hooks()}).
 */
final class HelmChart {
    static final Path CHART = Repo.path("deploy/helm/spiderpool");
    static final String RELEASE = "spiderpool";
    static final String NAMESPACE = "kube-system";
    static final String HOOK_MARK = "spiderpool.test/helm-hook";
    private static final KubernetesSerialization SERIALIZATION = serialization();

    /** What one render produced, and how long Helm took. */
    record Rendered(String yaml, List<HasMetadata> objects, List<HasMetadata> hooks, Duration took) {
        /** Objects and hooks together. */
        List<HasMetadata> all() {
            return Stream.concat(objects.stream(), hooks.stream()).toList();
        }

        <T extends HasMetadata> List<T> of(Class<T> type) {
            return all().stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            return of(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in the rendered chart"));
        }
    }

    private HelmChart() {}

    /** fabric8's, knowing Spiderpool's kinds (the core model), so that the chart's pools parse into them. */
    private static KubernetesSerialization serialization() {
        KubernetesSerialization s = new KubernetesSerialization();
        List.of(SpiderIPPool.class, SpiderSubnet.class, SpiderCoordinator.class, SpiderReservedIP.class, SpiderEndpoint.class)
                .forEach(s::registerKubernetesResource);
        return s;
    }

    static LintResult lint() {
        return new Helm(CHART).lint().call();
    }

    /** Renders the chart with {@code values} (Helm {@code --set} keys) into release {@link #RELEASE} in {@link #NAMESPACE}. */
    static Rendered render(Map<String, String> values) {
        Path copy = copyWithHooksMarked();
        try {
            long t0 = System.nanoTime();
            TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE);
            for (Map.Entry<String, String> v : values.entrySet()) {
                template = template.set(v.getKey(), v.getValue());
            }
            String yaml = template.call();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            List<HasMetadata> objects = new ArrayList<>();
            List<HasMetadata> hooks = new ArrayList<>();
            for (String doc : documents(yaml)) {
                HasMetadata o = SERIALIZATION.unmarshal(doc);
                Map<String, String> annotations = o.getMetadata().getAnnotations();
                if (annotations != null && annotations.containsKey(HOOK_MARK)) {
                    hooks.add(o);
                } else {
                    objects.add(o);
                }
            }
            return new Rendered(yaml, objects, hooks, took);
        } finally {
            deleteTree(copy);
        }
    }

    /** The chart's CRDs, as Helm installs them before the release. */
    static List<CustomResourceDefinition> crds() {
        try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
            List<CustomResourceDefinition> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                out.add(SERIALIZATION.unmarshal(Files.readString(f), CustomResourceDefinition.class));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of a multi-document stream that hold something besides comments. */
    static List<String> documents(String yaml) {
        return Stream.of(yaml.split("(?m)^---\\s*$"))
                .filter(d -> d.lines().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("#")))
                .toList();
    }

    private static Path copyWithHooksMarked() {
        try {
            Path copy = Files.createTempDirectory("spiderpool-chart");
            try (Stream<Path> files = Files.walk(CHART)) {
                for (Path f : files.toList()) {
                    Path to = copy.resolve(CHART.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else if (f.getParent().getFileName().toString().equals("templates")) {
                        Files.writeString(to, Files.readString(f).replace("helm.sh/hook", HOOK_MARK));
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
