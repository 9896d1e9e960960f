package io.spidernet.spiderpool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.PomDependencies;
import io.spidernet.spiderpool.core.SourceNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The controller shares code with the agent only through spiderpool-core and spiderpool-kube, never
 * directly: what both need goes there, so neither app's change can break the other.
 */
class ControllerModuleRulesTest {
    private static final String OTHER_APP = "io.spidernet.spiderpool.agent.";

    @Test
    void noSourceUsesTheAgent() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String sources : List.of("src/main/java", "src/test/java")) {
            violations.addAll(SourceNames.violations(Path.of(sources), name -> name.startsWith(OTHER_APP)));
        }
        assertThat(violations).as("the controller must not use the agent's code").isEmpty();
    }

    @Test
    void thePomDependsOnCoreAndKubeAndNotOnTheAgent() throws IOException {
        assertThat(PomDependencies.of(Path.of("pom.xml")))
                .contains("io.spidernet.spiderpool:spiderpool-core", "io.spidernet.spiderpool:spiderpool-kube")
                .doesNotContain("io.spidernet.spiderpool:spiderpool-agent");
    }
}
