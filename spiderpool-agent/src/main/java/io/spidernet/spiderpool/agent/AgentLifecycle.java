package io.spidernet.spiderpool.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.DomainSocketServerStart;
import io.spidernet.spiderpool.agent.config.AgentConfig;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.agent.socket.CniSocketServer;
import io.spidernet.spiderpool.agent.socket.SocketFiles;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Starts the CNI socket with the application and stops it first on shutdown, so calls in progress
 * finish before the store closes. Startup observers run before Quarkus opens its HTTP listeners,
 * which is when the gRPC socket's private directory must exist (Vert.x binds the socket with the
 * umask's mode; the 0700 directory keeps everybody but root out from the first moment) and a socket
 * file left by a killed agent must go (Vert.x will not bind over it).
 */
@Singleton
public class AgentLifecycle {
    private static final Logger LOG = Logger.getLogger(AgentLifecycle.class);

    private final AgentConfig config;
    private final NodeApi node;
    private final SpiderpoolConfFile confFile;
    private final boolean grpcSocketEnabled;
    private final Optional<Path> grpcSocket;
    private volatile CniSocketServer cniSocket;

    /** @param quarkus read for Quarkus' own gRPC socket settings only; the agent's are in {@link AgentConfig} */
    AgentLifecycle(AgentConfig config, NodeApi node, SpiderpoolConfFile confFile, Config quarkus) {
        this.config = config;
        this.node = node;
        this.confFile = confFile;
        this.grpcSocketEnabled = quarkus.getOptionalValue("quarkus.http.domain-socket-enabled", Boolean.class).orElse(false);
        this.grpcSocket = quarkus.getOptionalValue("quarkus.http.domain-socket", Path.class);
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (grpcSocketEnabled && grpcSocket.isPresent()) {
            SocketFiles.privateDirectory(grpcSocket.get().toAbsolutePath().getParent());
            SocketFiles.prepare(grpcSocket.get());
        }
        cniSocket = CniSocketServer.start(config.socketPath(), node,
                new CniSocketServer.Limits(Duration.ofSeconds(config.cniSocket().readTimeoutSeconds()),
                        config.cniSocket().maxConnections()));
        LOG.info(describe());
        // spiderpool.agent.socket-path decides; a chart that set another path in conf.yml has also written
        // that path into the plugin's netconf, so the plugin would not find us: say so rather than guess.
        if (config.confFile().isPresent() && !Path.of(confFile.ipamUnixSocketPath()).equals(config.socketPath())) {
            LOG.warnf("conf.yml sets ipamUnixSocketPath %s but the CNI socket is %s (spiderpool.agent.socket-path);"
                    + " plugins configured from conf.yml will not reach this agent",
                    confFile.ipamUnixSocketPath(), config.socketPath());
        }
    }

    /**
     * Vert.x has bound the gRPC socket: it is root's alone too, not only by its directory. Quarkus
     * fires this event asynchronously; until it arrives the 0700 directory keeps others out.
     */
    void grpcSocketBound(@ObservesAsync DomainSocketServerStart event) throws IOException {
        if (grpcSocket.isPresent()) {
            SocketFiles.ownerOnly(grpcSocket.get());
        }
    }

    private String describe() {
        StringBuilder s = new StringBuilder("spiderpool-agent: ").append(node.describe());
        s.append("; CNI socket ").append(cniSocket.path().toAbsolutePath());
        grpcSocket.filter(p -> grpcSocketEnabled).ifPresent(p -> s.append("; gRPC socket ").append(p.toAbsolutePath()));
        return s.toString();
    }

    /** The CNI socket while it is served. */
    Optional<CniSocketServer> cniSocket() {
        return Optional.ofNullable(cniSocket).filter(CniSocketServer::serving);
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (cniSocket != null) {
            cniSocket.close();
        }
    }
}
