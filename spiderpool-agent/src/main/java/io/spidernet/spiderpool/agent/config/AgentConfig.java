package io.spidernet.spiderpool.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's own settings, read once. Quarkus' settings stay under {@code quarkus.*}: the gRPC
 * listener for tooling is the HTTP server's unix socket ({@code quarkus.http.domain-socket}; its TCP
 * listener is off); health is on the management port, metrics on their own ({@link Metrics}).
 */
@ConfigMapping(prefix = "spiderpool.agent")
public interface AgentConfig {

    /**
     * Where pools and allocations live: {@code local} (files on this node, no cluster) or
     * {@code kubernetes} (SpiderIPPool status and SpiderEndpoints through the API server, as upstream).
     */
    @WithDefault("local")
    StoreType store();

    /**
     * The CNI socket the {@code spiderpool} plugin calls ({@code ipam_unix_socket_path} in the
     * netconf). The gRPC socket for tools is {@code grpc.sock} in the directory this path plus
     * {@code .d} unless {@code quarkus.http.domain-socket} says otherwise.
     */
    @WithDefault("/var/run/spidernet/spiderpool.sock")
    Path socketPath();

    /** Limits of the CNI socket. */
    CniSocket cniSocket();

    /** The node this agent serves; the host name when unset (upstream {@code SPIDERPOOL_NODE_NAME}). */
    Optional<String> nodeName();

    /**
     * The namespace Spiderpool runs in (upstream {@code SPIDERPOOL_POD_NAMESPACE}): Multus network names
     * without a namespace are resolved there.
     */
    @WithDefault("kube-system")
    String namespace();

    /**
     * A mounted {@code conf.yml} of upstream's {@code spiderpool-conf} ConfigMap, read once at start;
     * without it the chart's defaults apply. IP families and the other IPAM switches are set there.
     */
    Optional<Path> confFile();

    /**
     * Where the node's sysctls are written when {@code conf.yml} sets {@code tuneSysctlConfig} (see
     * {@code agent.NodeSysctlTuner}); another directory only for tests, which must not tune the machine
     * they run on.
     */
    @WithDefault("/proc/sys")
    Path sysctlDir();

    /** Upper bound of allocation records per pool (upstream {@code SPIDERPOOL_IPPOOL_MAX_ALLOCATED_IPS}). */
    @WithDefault("5000")
    int maxAllocatedIps();

    /**
     * Whether a StatefulSet pod's address held under an old UID may be released when it conflicts
     * (upstream {@code SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS}).
     */
    @WithDefault("true")
    boolean releaseConflictIps();

    /** Waiting for an application's auto-pool to appear (upstream {@code SPIDERPOOL_WAIT_SUBNET_POOL_*}). */
    WaitSubnetPool waitSubnetPool();

    /**
     * The Multus cluster network as {@code <namespace>/<name>}, used for the first NIC when the pod names
     * no default network (upstream {@code MULTUS_CLUSTER_NETWORK}).
     */
    Optional<String> multusClusterNetwork();

    /** This agent's own pod name (upstream {@code SPIDERPOOL_POD_NAME}), for events and logs. */
    Optional<String> podName();

    Local local();

    Kubernetes kubernetes();

    /** Prometheus metrics, under {@code spiderpool.agent.metrics}. */
    Metrics metrics();

    /**
     * Metrics as upstream's chart sets them: off unless {@code SPIDERPOOL_ENABLED_METRIC=true}, on their
     * own port ({@code SPIDERPOOL_METRIC_HTTP_PORT}), apart from health ({@code SPIDERPOOL_HEALTH_PORT}).
     */
    interface Metrics {
        /** Serve {@code /metrics} at all (upstream {@code SPIDERPOOL_ENABLED_METRIC}). */
        @WithDefault("false")
        boolean enabled();

        /** Upstream {@code SPIDERPOOL_METRIC_HTTP_PORT}; 0 picks a free one. */
        @WithDefault("5711")
        int port();

        /** Every interface, as upstream: Prometheus scrapes the pod's address. */
        @WithDefault("0.0.0.0")
        String host();

        /** Upstream's debug metrics ({@code SPIDERPOOL_ENABLED_DEBUG_METRIC}): {@code spiderpool_debug_*}. */
        @WithDefault("false")
        boolean debug();
    }

    interface CniSocket {
        /** Seconds a connection may take to send its whole request before it is closed. */
        @WithDefault("30")
        int readTimeoutSeconds();

        /** Connections served at once; one more is answered NOT_READY and closed. */
        @WithDefault("128")
        int maxConnections();
    }

    interface WaitSubnetPool {
        /** Seconds between looks (upstream {@code SPIDERPOOL_WAIT_SUBNET_POOL_TIME_IN_SECOND}). */
        @WithDefault("2")
        int intervalSeconds();

        /** Looks before giving up (upstream {@code SPIDERPOOL_WAIT_SUBNET_POOL_MAX_RETRIES}). */
        @WithDefault("25")
        int maxRetries();
    }

    /** The file-backed store for running without a cluster. */
    interface Local {
        /** SpiderIPPool and SpiderReservedIP manifests (YAML, several documents per file allowed). */
        @WithDefault("/etc/spiderpool/ippools")
        Path poolsDir();

        /** The one file holding every allocation; written atomically, locked against a second agent. */
        @WithDefault("/var/lib/spiderpool/state.json")
        Path stateFile();
    }

    /** The API-server store; the client itself is configured by {@code quarkus.kubernetes-client.*}. */
    interface Kubernetes {
        /** How long start-up waits for the informers' first list before failing. */
        @WithDefault("60")
        int cacheSyncTimeoutSeconds();

        /** The SpiderCoordinator the coordinator plugin's settings come from (upstream {@code SPIDERPOOL_COORDINATOR_DEAFULT_NAME}). */
        @WithDefault("default")
        String coordinatorName();

        /**
         * Cache only the pods of this node (a {@code spec.nodeName} field selector), which is all the
         * allocation path needs and keeps a large cluster's pods out of every agent's memory. Turn off for
         * API servers that cannot select on {@code spec.nodeName}, such as fabric8's mock server.
         */
        @WithDefault("true")
        boolean podsOfThisNodeOnly();
    }

    enum StoreType {
        LOCAL,
        KUBERNETES
    }
}
