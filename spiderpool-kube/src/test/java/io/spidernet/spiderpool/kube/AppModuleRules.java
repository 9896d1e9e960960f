package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.PomDependencies;
import io.spidernet.spiderpool.core.RetryLoops;
import io.spidernet.spiderpool.core.SourceNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What each Quarkus app's module rules test asserts: the app shares code with the other app only
 * through spiderpool-core and spiderpool-kube, never directly, so that what both need goes there and
 * neither app's change can break the other. Run from the app's module directory.
 */
public abstract class AppModuleRules {

    /** The other app's name: {@code agent} or {@code controller}. */
    protected abstract String otherApp();

    @Test
    void noSourceUsesTheOtherApp() throws IOException {
        String otherPackage = "io.spidernet.spiderpool." + otherApp() + ".";
        List<String> violations = new ArrayList<>();
        for (String sources : List.of("src/main/java", "src/test/java")) {
            violations.addAll(SourceNames.violations(Path.of(sources), name -> name.startsWith(otherPackage)));
        }
        assertThat(violations).as("no use of the " + otherApp() + "'s code").isEmpty();
    }

    @Test
    void retriesGoThroughCoresRetryPolicy() throws IOException {
        assertThat(RetryLoops.withoutPolicy(Path.of("src/main/java"))).as("retry loops with their own count").isEmpty();
    }

    @Test
    void thePomDependsOnCoreAndKubeAndNotOnTheOtherApp() throws IOException {
        assertThat(PomDependencies.of(Path.of("pom.xml")))
                .contains("io.spidernet.spiderpool:spiderpool-core", "io.spidernet.spiderpool:spiderpool-kube")
                .doesNotContain("io.spidernet.spiderpool:spiderpool-" + otherApp());
    }
}
