package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.PomDependencies;
import io.spidernet.spiderpool.core.SourceNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent shares code with the controller only through spiderpool-core and spiderpool-kube, never
 * directly: what both need goes there, so neither app's change can break the other.
 */
class AgentModuleRulesTest {
    private static final String OTHER_APP = "io.spidernet.spiderpool.controller.";

    @Test
    void noSourceUsesTheController() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String sources : List.of("src/main/java", "src/test/java")) {
            violations.addAll(SourceNames.violations(Path.of(sources), name -> name.startsWith(OTHER_APP)));
        }
        assertThat(violations).as("the agent must not use the controller's code").isEmpty();
    }

    @Test
    void thePomDependsOnCoreAndKubeAndNotOnTheController() throws IOException {
        assertThat(PomDependencies.of(Path.of("pom.xml")))
                .contains("io.spidernet.spiderpool:spiderpool-core", "io.spidernet.spiderpool:spiderpool-kube")
                .doesNotContain("io.spidernet.spiderpool:spiderpool-controller");
    }
}
