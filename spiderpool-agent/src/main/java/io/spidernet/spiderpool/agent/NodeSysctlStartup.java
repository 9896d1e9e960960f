package io.spidernet.spiderpool.agent;

import io.quarkus.runtime.StartupEvent;
import io.spidernet.spiderpool.agent.config.AgentConfig;
import io.spidernet.spiderpool.core.config.NodeSysctls;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.core.config.UpstreamCommandLine;
import io.spidernet.spiderpool.kube.ConfFileReader;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Tunes the node's sysctls before the CNI socket opens ({@link AgentLifecycle} observes later), as
 * upstream's agent does before it serves. Only when a {@code conf.yml} was read and says so: the
 * chart writes {@code tuneSysctlConfig: true}, but an agent started by hand without one (the demo, a
 * developer's machine) has no business changing the machine's forwarding and rp_filter.
 */
@Singleton
public class NodeSysctlStartup {
    private static final Logger LOG = Logger.getLogger(NodeSysctlStartup.class);

    private final AgentConfig config;
    private final SpiderpoolConfFile conf;

    NodeSysctlStartup(AgentConfig config, SpiderpoolConfFile conf) {
        this.config = config;
        this.conf = conf;
    }

    void tune(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        if (ConfFileReader.locate(config.confFile(), Path.of(UpstreamCommandLine.DEFAULT_CONFIG_PATH)).isEmpty()) {
            LOG.info("tuneSysctlConfig: no conf.yml was read, the node's sysctls are left as they are");
            return;
        }
        if (!conf.tuneSysctlConfig()) {
            LOG.info("tuneSysctlConfig: false in conf.yml, the node's sysctls are left as they are");
            return;
        }
        new NodeSysctlTuner(config.sysctlDir())
                .apply(NodeSysctls.forFamilies(conf.enableIPv4(), conf.enableIPv6()))
                .forEach(outcome -> LOG.info("tuneSysctlConfig: " + outcome));
    }
}
