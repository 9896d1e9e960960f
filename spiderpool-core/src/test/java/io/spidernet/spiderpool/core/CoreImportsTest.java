package io.spidernet.spiderpool.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spiderpool-core is pure logic: no framework, no client, no I/O (STYLE.md rule 1). Maven cannot
 * enforce that, because the fabric8 model types core may use ship in the same jar as the client, so
 * this test reads every main source file ({@link SourceNames}) for imports (and fully qualified names)
 * of the packages that mean a framework, a Kubernetes client, HTTP or the file system.
 */
class CoreImportsTest {
    private static final List<String> FORBIDDEN = List.of("io.quarkus.", "io.javaoperatorsdk.", "io.grpc.",
            "io.fabric8.kubernetes.client.", "java.net.http.", "java.nio.file.", "java.io.File");
    /** The base class of every custom resource: model data, although it lives in the client package. */
    private static final List<String> ALLOWED = List.of("io.fabric8.kubernetes.client.CustomResource");

    @Test
    void mainSourcesUseNoFrameworkClientOrIo() throws IOException {
        List<String> violations = SourceNames.violations(Path.of("src/main/java"), CoreImportsTest::forbidden);
        assertThat(violations).as("spiderpool-core must stay free of frameworks, clients and I/O").isEmpty();
    }

    @Test
    void theRuleCatchesWhatItShould() {
        assertThat(forbidden("io.fabric8.kubernetes.client.KubernetesClient")).isTrue();
        assertThat(forbidden("io.fabric8.kubernetes.client.*")).isTrue();
        assertThat(forbidden("java.nio.file.Files")).isTrue();
        assertThat(forbidden("java.io.File")).isTrue();
        assertThat(forbidden("java.io.FileInputStream")).isTrue();
        assertThat(forbidden("io.quarkus.runtime.Startup")).isTrue();
        assertThat(forbidden("io.fabric8.kubernetes.client.CustomResource")).isFalse();
        assertThat(forbidden("io.fabric8.kubernetes.client.CustomResource.getCRDName")).isFalse();
        assertThat(forbidden("io.fabric8.kubernetes.client.CustomResourceList")).isTrue();
        assertThat(forbidden("io.fabric8.kubernetes.api.model.ObjectMeta")).isFalse();
        assertThat(forbidden("java.io.UncheckedIOException")).isFalse();
        assertThat(forbidden("java.net.InetAddress")).isFalse();
    }

    private static boolean forbidden(String imported) {
        boolean allowed = ALLOWED.stream().anyMatch(a -> imported.equals(a) || imported.startsWith(a + "."));
        return !allowed && FORBIDDEN.stream().anyMatch(imported::startsWith);
    }
}
