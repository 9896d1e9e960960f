package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.spidernet.spiderpool.core.config.UpstreamCommandLine;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent DaemonSet as upstream's chart renders it (host network, privileged, upstream's probe
 * paths, port and timings, env names and mounts), with our CNI installer as the init container
 * {@code install-cni} instead of upstream's install-plugins/multus ones. The Helm chart renders the
 * same names, ports, probes, host paths and env, so the two can be compared.
 */
public final class AgentDaemonSet {
    public static final String CONTAINER = "spiderpool-agent";
    public static final String INIT_CONTAINER = "install-cni";
    public static final int HEALTH_PORT = 5710;
    public static final int METRICS_PORT = 5711;
    static final String CNI_BIN_MOUNT = "/host/opt/cni/bin";
    static final String CNI_CONF_MOUNT = "/host/etc/cni/net.d";
    static final String SOCKET_DIR = "/var/run/spidernet";
    static final String CONFIG_MOUNT = "/tmp/spiderpool/config-map";
    /** The installer's command line, as the image and the Helm chart give it (old versions removed after 10 minutes unused). */
    static final List<String> INSTALL_CNI = List.of("/usr/local/bin/install-cni", "--source", "/opt/spiderpool/cni",
            "--target", CNI_BIN_MOUNT, "--cleanup-after=600");

    /** The env variable the {@code java} launcher reads its options from (JDK 9+), so the image's entrypoint stays {@code java -jar}. */
    public static final String JVM_OPTIONS_ENV = "JDK_JAVA_OPTIONS";
    /**
     * The agent's JVM options, the same in the image (its default), the Helm chart (value
     * {@code spiderpoolAgent.jvmOptions}) and here. Sized for upstream's memory request, 128 MiB idle and
     * at most 256 MiB with 10 000 allocations cached (docs/performance.md, {@code scripts/bench-agent}):
     * the serial collector and a capped heap with a small young generation (the default heap is a
     * quarter of the node's memory, which the JVM fills before collecting), the client compiler only
     * (C2 recompiling the hot paths took most of a small CPU share, and its code cache), and one
     * Netty arena of each kind instead of two per core.
     */
    public static final String JVM_OPTIONS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx160m -Xmn12m"
            + " -XX:ReservedCodeCacheSize=32m -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1";

    private AgentDaemonSet() {}

    /** The DaemonSet; its pod template carries {@link ConfigHash} of itself and conf.yml. */
    public static DaemonSet render(EffectiveSpec spec, Spiderpool owner, String configHash) {
        PodTemplateSpec template = podTemplate(spec);
        template.getMetadata().getAnnotations().put(ManagedObjects.CONFIG_HASH_ANNOTATION, configHash);
        return new DaemonSetBuilder()
                .withMetadata(ManagedObjects.metadata(CONTAINER, spec.context().namespace(), CONTAINER, owner))
                .withNewSpec()
                .withNewSelector().withMatchLabels(ManagedObjects.selectorLabels(CONTAINER)).endSelector()
                .withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxUnavailable(new IntOrString(2)).endRollingUpdate().endUpdateStrategy()
                .withTemplate(template)
                .endSpec().build();
    }

    /** The pod template without the hash annotation: what {@link ConfigHash} hashes. */
    public static PodTemplateSpec podTemplate(EffectiveSpec spec) {
        EffectiveSpec.Agent agent = spec.agent();
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(ManagedObjects.selectorLabels(CONTAINER)).withAnnotations(new LinkedHashMap<>())
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(CONTAINER)
                .withPriorityClassName("system-node-critical")
                .withHostNetwork(true)
                .withDnsPolicy("ClusterFirstWithHostNet")
                .withRestartPolicy("Always")
                .addNewToleration().withOperator("Exists").endToleration()
                .withNodeSelector(agent.nodeSelector().isEmpty() ? null : new LinkedHashMap<>(agent.nodeSelector()))
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/os").withOperator("In")
                .withValues("linux").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .withInitContainers(installCni(agent))
                .withContainers(agentContainer(spec))
                .withVolumes(volumes(agent))
                .endSpec().build();
    }

    private static Container installCni(EffectiveSpec.Agent agent) {
        return new ContainerBuilder().withName(INIT_CONTAINER).withImage(agent.image())
                .withImagePullPolicy(agent.imagePullPolicy()).withCommand(INSTALL_CNI)
                .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                .withVolumeMounts(mount("cni-bin-path", CNI_BIN_MOUNT, null, false)).build();
    }

    private static Container agentContainer(EffectiveSpec spec) {
        EffectiveSpec.Agent agent = spec.agent();
        // upstream probes the loopback of the family it serves
        String host = spec.ipam().enableIPv4() ? "127.0.0.1" : "::1";
        return new ContainerBuilder().withName(CONTAINER).withImage(agent.image()).withImagePullPolicy(agent.imagePullPolicy())
                .withArgs(UpstreamCommandLine.DAEMON, "--config-path=" + UpstreamCommandLine.DEFAULT_CONFIG_PATH)
                .withPorts(ports(agent))
                .withStartupProbe(probe(host, "/v1/runtime/startup", 60, 2, null, null))
                .withLivenessProbe(probe(host, "/v1/runtime/liveness", 6, 10, 10, 1))
                .withReadinessProbe(probe(host, "/v1/runtime/readiness", 3, 10, null, 1))
                .withEnv(env(spec))
                .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                .withVolumeMounts(mount("host-netns", "/var/run/netns", "Bidirectional", false),
                        mount("host-docker-netns", "/var/run/docker/netns", "Bidirectional", false),
                        mount("config-path", CONFIG_MOUNT, null, true),
                        mount("ipam-unix-socket-dir", SOCKET_DIR, null, false),
                        mount("cni-conf-path", CNI_CONF_MOUNT, null, false))
                .build();
    }

    /** Health always, metrics when served (as upstream's chart: informational on a host-network pod). */
    private static List<ContainerPort> ports(EffectiveSpec.Agent agent) {
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(new ContainerPortBuilder().withName("http").withContainerPort(HEALTH_PORT).withProtocol("TCP").build());
        if (agent.enableMetrics()) {
            ports.add(new ContainerPortBuilder().withName("metrics").withContainerPort(METRICS_PORT).withProtocol("TCP").build());
        }
        return ports;
    }

    private static Probe probe(String host, String path, int failureThreshold, int period, Integer initialDelay, Integer timeout) {
        return new ProbeBuilder().withNewHttpGet().withHost(host).withPath(path).withPort(new IntOrString(HEALTH_PORT))
                .withScheme("HTTP").endHttpGet().withFailureThreshold(failureThreshold).withPeriodSeconds(period)
                .withSuccessThreshold(1).withInitialDelaySeconds(initialDelay).withTimeoutSeconds(timeout).build();
    }

    /** Upstream's env names, read by the agent's application.properties. */
    private static List<EnvVar> env(EffectiveSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        env.add(field("SPIDERPOOL_POD_NAME", "metadata.name"));
        env.add(field("SPIDERPOOL_POD_NAMESPACE", "metadata.namespace"));
        env.add(field("SPIDERPOOL_NODE_NAME", "spec.nodeName"));
        Map<String, String> values = new LinkedHashMap<>();
        // pools and records through the API server (the agent's default store is the node-local one)
        values.put("SPIDERPOOL_AGENT_STORE", "kubernetes");
        values.put("SPIDERPOOL_AGENT_SOCKET_PATH", SOCKET_DIR + "/spiderpool.sock");
        values.put("SPIDERPOOL_LOG_LEVEL", spec.agent().logLevel());
        values.put("SPIDERPOOL_ENABLED_METRIC", Boolean.toString(spec.agent().enableMetrics()));
        values.put("SPIDERPOOL_ENABLED_DEBUG_METRIC", "false");
        values.put("SPIDERPOOL_METRIC_HTTP_PORT", Integer.toString(METRICS_PORT));
        values.put("SPIDERPOOL_HEALTH_PORT", Integer.toString(HEALTH_PORT));
        values.put("SPIDERPOOL_COORDINATOR_DEFAULT_NAME", spec.context().coordinatorName());
        values.put(JVM_OPTIONS_ENV, JVM_OPTIONS);
        values.forEach((name, value) -> env.add(new EnvVarBuilder().withName(name).withValue(value).build()));
        return env;
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
                .endValueFrom().build();
    }

    private static VolumeMount mount(String name, String path, String propagation, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withMountPropagation(propagation)
                .withReadOnly(readOnly ? Boolean.TRUE : null).build();
    }

    private static List<Volume> volumes(EffectiveSpec.Agent agent) {
        return List.of(
                new VolumeBuilder().withName("config-path").withNewConfigMap().withName(ManagedObjects.CONFIG_MAP_NAME)
                        .withDefaultMode(0400).endConfigMap().build(),
                hostPath("cni-bin-path", agent.cniBinDir()),
                hostPath("ipam-unix-socket-dir", SOCKET_DIR),
                hostPath("host-netns", "/var/run/netns"),
                hostPath("host-docker-netns", "/var/run/docker/netns"),
                hostPath("cni-conf-path", agent.cniConfDir()));
    }

    private static Volume hostPath(String name, String path) {
        return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType("DirectoryOrCreate").endHostPath()
                .build();
    }
}
