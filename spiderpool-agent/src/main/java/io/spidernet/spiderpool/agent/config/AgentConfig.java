package io.spidernet.spiderpool.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's own settings, read once. Quarkus' settings stay under {@code quarkus.*}: the gRPC
 * listeners for tooling are the HTTP server's ({@code quarkus.http.host}, {@code quarkus.http.port},
 * {@code quarkus.http.domain-socket}); health and metrics are on the management port.
 */
@ConfigMapping(prefix = "spiderpool.agent")
public interface AgentConfig {

    /** Where pools and allocations live. Only {@code local} exists yet; {@code kubernetes} is next. */
    @WithDefault("local")
    StoreType store();

    /**
     * The CNI socket the {@code spiderpool} plugin calls ({@code ipam_unix_socket_path} in the
     * netconf). The gRPC socket for tools is this path plus {@code .grpc} unless
     * {@code quarkus.http.domain-socket} says otherwise.
     */
    @WithDefault("/var/run/spidernet/spiderpool.sock")
    Path socketPath();

    /** The node this agent serves; the host name when unset (upstream reads the downward API's NODE_NAME). */
    Optional<String> nodeName();

    /** The namespace Spiderpool runs in: Multus network names without a namespace are resolved there. */
    @WithDefault("kube-system")
    String namespace();

    /** {@code enableIPv4} of spiderpool-conf: pools and requests of a disabled family are ignored. */
    @WithDefault("true")
    boolean enableIpv4();

    /** {@code enableIPv6} of spiderpool-conf. */
    @WithDefault("true")
    boolean enableIpv6();

    Local local();

    /** The file-backed store for running without a cluster. */
    interface Local {
        /** SpiderIPPool and SpiderReservedIP manifests (YAML, several documents per file allowed). */
        @WithDefault("/etc/spiderpool/ippools")
        Path poolsDir();

        /** The one file holding every allocation; written atomically, locked against a second agent. */
        @WithDefault("/var/lib/spiderpool/state.json")
        Path stateFile();
    }

    enum StoreType {
        LOCAL
    }
}
