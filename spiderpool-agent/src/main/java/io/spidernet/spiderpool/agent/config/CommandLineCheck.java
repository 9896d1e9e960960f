package io.spidernet.spiderpool.agent.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.CommandLineArguments;
import io.spidernet.spiderpool.agent.AgentMain;
import io.spidernet.spiderpool.core.config.UpstreamCommandLine;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/** Refuses a start with arguments the agent cannot use (an unknown flag, a flag without value), naming them. */
@Singleton
public class CommandLineCheck {
    private final String[] args;

    CommandLineCheck(@CommandLineArguments String[] args) {
        this.args = args;
    }

    /** Before every other start-up step, so a mistyped flag is what the log reports. */
    void check(@Observes @Priority(1) StartupEvent event) {
        UpstreamCommandLine.parse(List.of(args), AgentMain.FLAGS).requireValid();
    }
}
