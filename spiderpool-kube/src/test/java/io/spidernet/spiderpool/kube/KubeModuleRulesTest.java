package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.PomDependencies;
import io.spidernet.spiderpool.core.RetryLoops;
import io.spidernet.spiderpool.core.SourceNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spiderpool-kube is fabric8 and core, no Quarkus: both apps use it, and so do plain JUnit tests. It
 * knows neither app either, since each app depends on it.
 */
class KubeModuleRulesTest {
    private static final List<String> FORBIDDEN = List.of("io.quarkus.", "io.quarkiverse.", "io.javaoperatorsdk.",
            "jakarta.enterprise.", "jakarta.inject.", "io.spidernet.spiderpool.agent.", "io.spidernet.spiderpool.controller.");

    @Test
    void mainSourcesUseNoQuarkusAndNeitherApp() throws IOException {
        List<String> violations = SourceNames.violations(Path.of("src/main/java"),
                name -> FORBIDDEN.stream().anyMatch(name::startsWith));
        assertThat(violations).as("spiderpool-kube must stay free of Quarkus and of the apps").isEmpty();
    }

    @Test
    void retriesGoThroughCoresRetryPolicy() throws IOException {
        assertThat(RetryLoops.withoutPolicy(Path.of("src/main/java"))).as("retry loops with their own count").isEmpty();
    }

    @Test
    void thePomDependsOnNoQuarkusAndNeitherApp() throws IOException {
        assertThat(PomDependencies.of(Path.of("pom.xml")))
                .contains("io.spidernet.spiderpool:spiderpool-core", "io.fabric8:kubernetes-client")
                .noneMatch(d -> d.startsWith("io.quarkus") || d.startsWith("io.quarkiverse"))
                .doesNotContain("io.spidernet.spiderpool:spiderpool-agent", "io.spidernet.spiderpool:spiderpool-controller");
    }
}
