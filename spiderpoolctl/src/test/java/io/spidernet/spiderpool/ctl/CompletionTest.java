package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionTest {
    @Test
    void bothScriptsOfferEveryCommandAndOption() {
        for (String shell : new String[] {"bash", "zsh"}) {
            String script = Completion.script(shell);
            for (Command c : Command.values()) {
                assertThat(script).as(shell).contains(c.words().getFirst());
            }
            for (String option : Invocation.VALUED) {
                assertThat(script).as(shell).contains("--" + option);
            }
        }
        assertThatThrownBy(() -> Completion.script("fish")).hasMessageContaining("give bash or zsh");
    }

    /** The bash script, sourced, completes a first word and an -o value as bash would. */
    @Test
    void bashCompletesCommandsAndOutputFormats(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash here");
        Path script = dir.resolve("c.bash");
        Files.writeString(script, Completion.script("bash") + """
                COMP_WORDS=(spiderpoolctl g); COMP_CWORD=1; _spiderpoolctl; echo "${COMPREPLY[*]}"
                COMP_WORDS=(spiderpoolctl pools -o j); COMP_CWORD=3; _spiderpoolctl; echo "${COMPREPLY[*]}"
                COMP_WORDS=(spiderpoolctl gc p); COMP_CWORD=2; _spiderpoolctl; echo "${COMPREPLY[*]}"
                """);
        Process p = new ProcessBuilder("/bin/bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("gc\njson\npreview\n");
    }
}
