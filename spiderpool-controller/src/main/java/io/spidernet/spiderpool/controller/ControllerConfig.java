package io.spidernet.spiderpool.controller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The controller's settings, under {@code spiderpool.controller}; {@code application.properties} maps
 * upstream's environment variable names onto them so a Spiderpool chart's env still applies.
 */
@ConfigMapping(prefix = "spiderpool.controller")
public interface ControllerConfig {

    /** The namespace Spiderpool runs in (upstream {@code SPIDERPOOL_POD_NAMESPACE}): lease, Secret, default pools. */
    @WithDefault("kube-system")
    String namespace();

    /** This replica's name in the lease (upstream {@code SPIDERPOOL_POD_NAME}); the host name when unset. */
    Optional<String> podName();

    /**
     * A mounted {@code conf.yml} of upstream's {@code spiderpool-conf} ConfigMap, read once at start;
     * without it the chart's defaults apply.
     */
    Optional<Path> confFile();

    /** How often the inventory gauges are renewed (upstream {@code SPIDERPOOL_METRIC_RENEW_PERIOD}). */
    @WithDefault("120s")
    Duration metricRenewPeriod();

    /** Per-pool and per-subnet gauges (upstream {@code SPIDERPOOL_ENABLED_DEBUG_METRIC}). */
    @WithDefault("false")
    boolean debugMetrics();

    /**
     * Render a NetworkAttachmentDefinition for each SpiderMultusConfig (upstream
     * {@code SPIDERPOOL_MULTUS_CONFIG_ENABLED}, Helm {@code multus.enableMultusConfig}).
     */
    @WithDefault("true")
    @WithConverter(GoBoolConverter.class)
    Boolean multusConfigEnabled();

    LeaderElection leaderElection();

    /** IP garbage collection, under {@code spiderpool.controller.gc}. */
    Gc gc();

    /**
     * The garbage collector's switches and timings; {@code application.properties} maps upstream's
     * {@code SPIDERPOOL_GC_*} variables onto them. Unset or blank, upstream's default applies
     * ({@code GcSettings.defaults()}). Booleans and durations are read as upstream's Go controller reads
     * them ({@link GoBoolConverter}, {@link GoDurationConverter}: a bare integer is seconds).
     */
    interface Gc {
        /** Upstream {@code SPIDERPOOL_GC_IP_ENABLED}: the whole IP GC, trace and scan-all. */
        Optional<@WithConverter(GoBoolConverter.class) Boolean> ipEnabled();

        /** Upstream {@code SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_READY_NODE_ENABLED}. */
        Optional<@WithConverter(GoBoolConverter.class) Boolean> terminatingPodOnReadyNode();

        /** Upstream {@code SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_NOT_READY_NODE_ENABLED}. */
        Optional<@WithConverter(GoBoolConverter.class) Boolean> terminatingPodOnNotReadyNode();

        /** Upstream {@code SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY}. */
        Optional<@WithConverter(GoDurationConverter.class) Duration> additionalGraceDelay();

        /** Upstream {@code SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION}. */
        Optional<@WithConverter(GoDurationConverter.class) Duration> scanAllInterval();

        /** Upstream {@code SPIDERPOOL_GC_TRACE_POD_GAP_DURATION}. */
        Optional<@WithConverter(GoDurationConverter.class) Duration> traceScanGap();

        /** Upstream {@code SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS}. */
        Optional<@WithConverter(GoBoolConverter.class) Boolean> runningPodWithoutPodIps();

        /** Upstream {@code SPIDERPOOL_GC_IP_WORKER_NUM}. */
        Optional<Integer> traceWorkers();

        /** Upstream {@code SPIDERPOOL_GC_PODENTRY_MAX_RETRIES}. */
        Optional<Integer> traceEntryMaxRetries();

        /** Upstream {@code SPIDERPOOL_GC_MAX_PODENTRY_DB_CAP}. */
        Optional<Integer> traceDbCapacity();

        /** Upstream {@code SPIDERPOOL_GC_HTTP_REQUEST_TIME_GAP}. */
        Optional<@WithConverter(GoDurationConverter.class) Duration> scanAllRequestGap();
    }

    /** The SpiderCoordinator status controller, under {@code spiderpool.controller.coordinator}. */
    Coordinator coordinator();

    /**
     * Where the SpiderCoordinator's status comes from; {@code application.properties} maps upstream's
     * variables onto these.
     */
    interface Coordinator {
        /**
         * Keep the status at all (upstream {@code SPIDERPOOL_COORDINATOR_ENABLED}). On by default, as the
         * chart sets it ({@code coordinator.enabled: true}); upstream's code default is off.
         */
        @WithDefault("true")
        @WithConverter(GoBoolConverter.class)
        boolean enabled();

        /**
         * The SpiderCoordinator whose status is kept (upstream {@code SPIDERPOOL_COORDINATOR_DEAFULT_NAME},
         * or the correctly spelled {@code SPIDERPOOL_COORDINATOR_DEFAULT_NAME}).
         */
        @WithDefault("default")
        String name();

        /** The node's CNI configuration, mounted into the pod (upstream {@code SPIDERPOOL_CNI_CONFIG_DIR}). */
        @WithDefault("/etc/cni/net.d")
        Path cniConfigDir();

        /** Cilium's ConfigMap as {@code namespace/name} (upstream {@code SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME}). */
        @WithDefault("kube-system/cilium-config")
        String ciliumConfigMap();

        /** How often the status is recomputed without an event (upstream {@code SPIDERPOOL_COORDINATOR_INFORMER_RESYNC_PERIOD}). */
        @WithDefault("60s")
        @WithConverter(GoDurationConverter.class)
        Duration resyncPeriod();

        /** How long a burst of events is gathered into one recompute. */
        @WithDefault("200ms")
        Duration debounce();
    }

    /** Prometheus metrics, under {@code spiderpool.controller.metrics}. */
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
        @WithDefault("5721")
        int port();

        /** Every interface, as upstream: Prometheus scrapes the pod's address. */
        @WithDefault("0.0.0.0")
        String host();
    }

    interface LeaderElection {
        /**
         * {@code lease}: only the lease holder runs reconcilers and GC (every replica serves webhooks and
         * the admin API); {@code always}: one controller outside a cluster, leading at once;
         * {@code never}: webhooks and admin API only.
         */
        @WithDefault("lease")
        Mode mode();

        enum Mode { LEASE, ALWAYS, NEVER }

        @WithDefault("spiderpool-controller-leases")
        String leaseName();

        /** Upstream {@code SPIDERPOOL_LEADER_DURATION}. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** Upstream {@code SPIDERPOOL_LEADER_RENEW_DEADLINE}. */
        @WithDefault("10s")
        Duration renewDeadline();

        /** Upstream {@code SPIDERPOOL_LEADER_RETRY_PERIOD}. */
        @WithDefault("2s")
        Duration retryPeriod();
    }

    /** The operator path (OLM), under {@code spiderpool.controller.operator}. */
    Operator operator();

    /**
     * The operator: on the lease holder, the node side (agent DaemonSet, spiderpool-conf, webhook
     * configurations, default SpiderCoordinator) is created and kept from the Spiderpool object. Off by
     * default: the Helm chart creates those objects itself.
     */
    interface Operator {
        /** Upstream has no such switch; {@code SPIDERPOOL_OPERATOR_ENABLED}, which the OLM bundle sets. */
        @WithDefault("false")
        @WithConverter(GoBoolConverter.class)
        boolean enabled();

        /**
         * The agent image when {@code spec.agent.image} is unset ({@code SPIDERPOOL_AGENT_IMAGE}); unset, the
         * agent of this controller's version ({@code ghcr.io/spidernet-io/spiderpool-java/agent:<version>}).
         */
        Optional<String> agentImage();

        /**
         * OLM's {@code OPERATOR_CONDITION_NAME}, which OLM sets in every operator Deployment it installs:
         * present, {@code webhookConfigurations: Auto} means External.
         */
        Optional<String> olmConditionName();

        /** How often everything is compared again without an event (drift of objects nothing watches). */
        @WithDefault("60s")
        Duration resyncPeriod();

        /** How long a burst of events is gathered into one reconcile. */
        @WithDefault("200ms")
        Duration debounce();
    }

    /** The admin gRPC API, under {@code spiderpool.controller.admin}. */
    Admin admin();

    /**
     * The admin API's server: its own TLS port, every call authorised by TokenReview and
     * SubjectAccessReview, and the bounds on what callers can make it do.
     */
    interface Admin {

        /** TLS port of its own (5723, unused by upstream); 0 picks a free one. */
        @WithDefault("5723")
        int port();

        /** Calls answered at once; one more is refused with RESOURCE_EXHAUSTED rather than queued. */
        @WithDefault("8")
        int maxConcurrentCalls();

        /**
         * How long one call may take, authorisation included; then DEADLINE_EXCEEDED. TriggerGc's wait
         * for its scan is bounded by it too (the scan itself goes on).
         */
        @WithDefault("60s")
        Duration callTimeout();

        /** The largest request message accepted, in bytes (requests are a few names). */
        @WithDefault("65536")
        long maxMessageBytes();

        /** How long a TokenReview/SubjectAccessReview verdict is reused for the same token and method. */
        @WithDefault("10s")
        Duration reviewCacheTtl();

        /** Verdicts kept at most; the oldest go first. */
        @WithDefault("1024")
        int reviewCacheSize();

        /**
         * Local development only: plaintext, no authentication, bound to 127.0.0.1. Off by default;
         * the controller logs a warning when it is on.
         */
        @WithDefault("false")
        boolean insecureLoopback();
    }

    /** The admission webhooks, under {@code spiderpool.controller.webhook}. */
    Webhook webhook();

    /**
     * The admission webhooks' settings. Defaults are Helm's: port 5722, Service and webhook
     * configurations named {@code spiderpool-controller}, Secret {@code spiderpool-controller-server-certs},
     * delete guard off.
     */
    interface Webhook {

        /** HTTPS port (upstream {@code webhookPort}); 0 picks a free one. */
        @WithDefault("5722")
        int port();

        /** The Service in front of the controller; the certificate names {@code <service>.<namespace>.svc}. */
        @WithDefault("spiderpool-controller")
        String serviceName();

        /** Where the automatic certificate is kept so every replica and restart serves the same one. */
        @WithDefault("spiderpool-controller-server-certs")
        String secretName();

        @WithDefault("spiderpool-controller")
        String mutatingConfigurationName();

        @WithDefault("spiderpool-controller")
        String validatingConfigurationName();

        /** Lifetime of an automatic certificate (and of its CA). */
        @WithDefault("3650")
        int certificateValidityDays();

        /** An automatic certificate with less than this left is replaced, by whichever replica checks first. */
        @WithDefault("720h")
        Duration renewBefore();

        /**
         * How often each replica checks the automatic certificate (renewal, expired CAs); a change of
         * the Secret is picked up at once through a watch, this is the fallback.
         */
        @WithDefault("1h")
        Duration certificateCheckPeriod();

        /** A provided serving certificate (PEM); with {@link #keyFile()} it is used as is and no Secret is touched. */
        Optional<String> certFile();

        Optional<String> keyFile();

        /** The CA of a provided certificate; when set it is patched into the webhook configurations. */
        Optional<String> caFile();

        /**
         * Refuse deleting pools and subnets still in use; on as well when {@code conf.yml} sets upstream's
         * {@code enableValidatingResourcesDeletedWebhook}.
         */
        @WithDefault("false")
        boolean enableValidatingResourcesDeletedWebhook();

        /**
         * Inject Multus networks and their device-plugin resources into pods that ask with
         * {@code cni.spidernet.io/rdma-resource-inject} or {@code network-resource-inject}
         * ({@code /mutate--v1-pod}); on as well when {@code conf.yml} sets upstream's
         * {@code podResourceInject.enabled}, whose namespace lists apply either way. Off by default, as upstream.
         */
        @WithDefault("false")
        boolean podResourceInject();

        /**
         * The largest AdmissionReview body read; a larger one is refused with 413 before it is
         * buffered. etcd keeps objects up to 1.5 MiB, and an UPDATE review carries the object and
         * the old object: 2 x 1.5 MiB plus the review around them fits in 4 MiB.
         */
        @WithDefault("4194304")
        long maxBodyBytes();

        /**
         * A connection that sends nothing for this long is closed. Longer than the API server's idle
         * keep-alive (Go's 90 s), so the API server closes its idle connections first and never
         * reuses one this side is closing.
         */
        @WithDefault("120s")
        Duration idleTimeout();

        /**
         * From a request's headers to its answer: a client that has not sent its whole body by then
         * gets 408 and the connection is closed. The API server waits at most 30 s (the largest
         * {@code timeoutSeconds}), so a later answer would not be read.
         */
        @WithDefault("30s")
        Duration requestTimeout();

        /** Open connections at most; more are closed at once. The API server keeps a few per replica. */
        @WithDefault("256")
        int maxConnections();
    }
}
