package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.operator.AgentDaemonSet;
import io.spidernet.spiderpool.core.operator.DesiredState;
import io.spidernet.spiderpool.core.operator.EffectiveSpec;
import io.spidernet.spiderpool.core.operator.OperatorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The two install paths give a node the same agent: the DaemonSet the Helm chart renders itself and
 * the one the controller's operator renders from the example Spiderpool object (OLM) agree on
 * container names, the installer's command, host paths and where they are mounted, ports, probes,
 * env names, the agent JVM's options and privileges. Values that are meant to differ (image, labels, the operator's config
 * hash) are not compared.
 */
class AgentDaemonSetParityTest {
    private static final String NAMESPACE = "kube-system";

    @Test
    void helmAndTheOperatorRenderTheSameAgent() throws IOException {
        PodSpec helm = HelmChart.render(HelmValues.DEFAULTS).one(DaemonSet.class, AgentDaemonSet.CONTAINER)
                .getSpec().getTemplate().getSpec();
        PodSpec operator = operatorDaemonSet().getSpec().getTemplate().getSpec();

        assertThat(operator.getHostNetwork()).isEqualTo(helm.getHostNetwork()).isTrue();
        assertThat(names(operator.getInitContainers())).isEqualTo(names(helm.getInitContainers())).containsExactly(AgentDaemonSet.INIT_CONTAINER);
        assertThat(names(operator.getContainers())).isEqualTo(names(helm.getContainers())).containsExactly(AgentDaemonSet.CONTAINER);

        Container helmInit = helm.getInitContainers().getFirst();
        Container operatorInit = operator.getInitContainers().getFirst();
        assertThat(argv(operatorInit)).as("install-cni command line").isEqualTo(argv(helmInit));
        assertThat(hostMounts(operator, operatorInit)).as("installer's host mounts").isEqualTo(hostMounts(helm, helmInit));

        Container helmAgent = helm.getContainers().getFirst();
        Container operatorAgent = operator.getContainers().getFirst();
        assertThat(hostMounts(operator, operatorAgent)).as("agent's host mounts (host path -> mount path)")
                .isEqualTo(hostMounts(helm, helmAgent));
        assertThat(ports(operatorAgent)).as("ports").isEqualTo(ports(helmAgent));
        for (Function<Container, Probe> probe : List.<Function<Container, Probe>>of(Container::getStartupProbe,
                Container::getLivenessProbe, Container::getReadinessProbe)) {
            assertThat(probeShape(probe.apply(operatorAgent))).as("probe").isEqualTo(probeShape(probe.apply(helmAgent)));
        }
        assertThat(envNames(operatorAgent)).as("env names").isEqualTo(envNames(helmAgent));
        assertThat(env(operatorAgent, AgentDaemonSet.JVM_OPTIONS_ENV)).as("the agent JVM's options")
                .isEqualTo(env(helmAgent, AgentDaemonSet.JVM_OPTIONS_ENV)).isEqualTo(AgentDaemonSet.JVM_OPTIONS);
        assertThat(operatorAgent.getSecurityContext().getPrivileged()).isEqualTo(helmAgent.getSecurityContext().getPrivileged());
    }

    private static DaemonSet operatorDaemonSet() throws IOException {
        Spiderpool example = new KubernetesSerialization().unmarshal(
                Files.readString(Repo.path("deploy/examples/spiderpool-operator.yaml")), Spiderpool.class);
        OperatorContext context = new OperatorContext(NAMESPACE, "ghcr.io/spidernet-io/spiderpool-java/agent:test", false,
                "spiderpool-controller", 5722, "spiderpool-controller", "spiderpool-controller", "default");
        return DesiredState.render(EffectiveSpec.of(example, context), example).daemonSet();
    }

    /** command then args, as the runtime joins them. */
    private static List<String> argv(Container c) {
        return java.util.stream.Stream.concat(Optional.ofNullable(c.getCommand()).orElse(List.of()).stream(),
                Optional.ofNullable(c.getArgs()).orElse(List.of()).stream()).toList();
    }

    private static List<String> names(List<Container> containers) {
        return containers.stream().map(Container::getName).toList();
    }

    /** host path -> mount path of every hostPath volume the container mounts. */
    private static Map<String, String> hostMounts(PodSpec pod, Container container) {
        Map<String, String> hostPathOf = pod.getVolumes().stream().filter(v -> v.getHostPath() != null)
                .collect(Collectors.toMap(Volume::getName, v -> v.getHostPath().getPath()));
        Map<String, String> out = new TreeMap<>();
        for (VolumeMount m : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
            if (hostPathOf.containsKey(m.getName())) {
                out.put(hostPathOf.get(m.getName()), m.getMountPath());
            }
        }
        return out;
    }

    private static Set<String> ports(Container c) {
        return Optional.ofNullable(c.getPorts()).orElse(List.of()).stream()
                .map(p -> p.getName() + "=" + p.getContainerPort() + "/" + Optional.ofNullable(p.getProtocol()).orElse("TCP"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String probeShape(Probe p) {
        return p == null ? "none" : p.getHttpGet().getHost() + ":" + p.getHttpGet().getPort().getIntVal() + p.getHttpGet().getPath()
                + " delay " + p.getInitialDelaySeconds() + " period " + p.getPeriodSeconds() + " failures " + p.getFailureThreshold()
                + " timeout " + p.getTimeoutSeconds();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse("(not set)");
    }

    private static Set<String> envNames(Container c) {
        return c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
