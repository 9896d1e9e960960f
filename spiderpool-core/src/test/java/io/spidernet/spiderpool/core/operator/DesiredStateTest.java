package io.spidernet.spiderpool.core.operator;

import static io.spidernet.spiderpool.core.operator.OperatorFixtures.desired;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.operator.AgentSettings.LogLevel;
import io.spidernet.spiderpool.core.model.operator.AgentSettings.PullPolicy;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings.WebhookConfigurations;
import io.spidernet.spiderpool.core.model.operator.OperatorGroup;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each renderer writes, with the defaults and with every field set. */
class DesiredStateTest {

    @Test
    void theAgentDaemonSetHasUpstreamsShapeAndOurInstaller() {
        DesiredState d = desired(s -> { });
        assertThat(d.daemonSet().getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(d.daemonSet().getSpec().getSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "spiderpool", "app.kubernetes.io/component", "spiderpool-agent"));
        assertThat(d.daemonSet().getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(2);
        PodSpec pod = d.daemonSet().getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.getServiceAccountName()).isEqualTo("spiderpool-agent");
        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
        assertThat(pod.getNodeSelector()).isNullOrEmpty();

        Container init = pod.getInitContainers().getFirst();
        assertThat(init.getName()).isEqualTo("install-cni");
        assertThat(init.getCommand()).containsExactly("/usr/local/bin/install-cni", "--source", "/opt/spiderpool/cni",
                "--target", "/host/opt/cni/bin", "--cleanup-after=600");
        assertThat(mounts(init)).containsExactly(Map.entry("cni-bin-path", "/host/opt/cni/bin"));

        Container agent = pod.getContainers().getFirst();
        assertThat(agent.getName()).isEqualTo("spiderpool-agent");
        assertThat(agent.getImage()).isEqualTo(OperatorFixtures.CONTEXT.defaultAgentImage());
        assertThat(agent.getSecurityContext().getPrivileged()).isTrue();
        assertThat(agent.getPorts()).as("metrics are off by default").singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(5710);
        });
        for (var probe : List.of(agent.getStartupProbe(), agent.getLivenessProbe(), agent.getReadinessProbe())) {
            assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(5710);
            assertThat(probe.getHttpGet().getHost()).isEqualTo("127.0.0.1");
        }
        assertThat(agent.getStartupProbe().getHttpGet().getPath()).isEqualTo("/v1/runtime/startup");
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/v1/runtime/liveness");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v1/runtime/readiness");
        assertThat(env(agent)).containsEntry("SPIDERPOOL_LOG_LEVEL", "info").containsEntry("SPIDERPOOL_ENABLED_METRIC", "false")
                .containsEntry("SPIDERPOOL_HEALTH_PORT", "5710").containsEntry("SPIDERPOOL_METRIC_HTTP_PORT", "5711")
                .containsEntry("SPIDERPOOL_COORDINATOR_DEFAULT_NAME", "default")
                .containsKeys("SPIDERPOOL_POD_NAME", "SPIDERPOOL_POD_NAMESPACE", "SPIDERPOOL_NODE_NAME");
        assertThat(agent.getEnv()).filteredOn(e -> e.getName().equals("SPIDERPOOL_NODE_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
        assertThat(mounts(agent)).containsEntry("host-netns", "/var/run/netns").containsEntry("config-path", "/tmp/spiderpool/config-map")
                .containsEntry("ipam-unix-socket-dir", "/var/run/spidernet").containsEntry("cni-conf-path", "/host/etc/cni/net.d")
                .as("only the installer writes the CNI bin directory").doesNotContainKey("cni-bin-path");
        assertThat(hostPaths(pod)).containsEntry("cni-bin-path", "/opt/cni/bin").containsEntry("cni-conf-path", "/etc/cni/net.d")
                .containsEntry("ipam-unix-socket-dir", "/var/run/spidernet");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("config-path")).singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("spiderpool-conf"));
        assertThat(d.daemonSet().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(ManagedObjects.CONFIG_HASH_ANNOTATION, d.configHash());
    }

    @Test
    void confYmlIsWhatTheAgentsReadForEachSwitch() {
        SpiderpoolConfFile defaults = SpiderpoolConfFile.parse(desired(s -> { }).configMap().getData().get("conf.yml"));
        assertThat(defaults.ipamUnixSocketPath()).isEqualTo("/var/run/spidernet/spiderpool.sock");
        assertThat(List.of(defaults.enableIPv4(), defaults.enableIPv6(), defaults.enableStatefulSet(), defaults.enableKubevirtStaticIP(),
                defaults.enableSpiderSubnet(), defaults.enableAutoPoolForApplication(), defaults.enableIPConflictDetection(),
                defaults.enableGatewayDetection())).containsExactly(true, false, true, true, true, true, false, false);
        SpiderpoolConfFile flipped = SpiderpoolConfFile.parse(desired(s -> {
            s.getIpam().setEnableIPv4(false);
            s.getIpam().setEnableIPv6(true);
            s.getIpam().setEnableStatefulSet(false);
            s.getIpam().setEnableKubevirtStaticIP(false);
            s.getIpam().setEnableAutoPoolForApplication(false);
            s.getIpam().setEnableIPConflictDetection(true);
            s.getIpam().setEnableGatewayDetection(true);
        }).configMap().getData().get("conf.yml"));
        assertThat(List.of(flipped.enableIPv4(), flipped.enableIPv6(), flipped.enableStatefulSet(), flipped.enableKubevirtStaticIP(),
                flipped.enableSpiderSubnet(), flipped.enableAutoPoolForApplication(), flipped.enableIPConflictDetection(),
                flipped.enableGatewayDetection())).containsExactly(false, true, false, false, true, false, true, true);
        assertThat(SpiderpoolConfFile.parse(desired(s -> s.getIpam().setEnableSpiderSubnet(false)).configMap().getData()
                .get("conf.yml")).enableSpiderSubnet()).isFalse();
    }

    @Test
    void agentFieldsReachTheTemplate() {
        DesiredState d = desired(s -> {
            s.getIpam().setEnableIPv4(false);
            s.getIpam().setEnableIPv6(true);
            s.getAgent().setImage("registry.local/agent:2");
            s.getAgent().setImagePullPolicy(PullPolicy.Always);
            s.getAgent().setCniBinDir("/var/lib/cni/bin");
            s.getAgent().setCniConfDir("/etc/k8s/net.d");
            s.getAgent().setLogLevel(LogLevel.DEBUG);
            s.getAgent().setEnableMetrics(true);
            s.getAgent().setNodeSelector(Map.of("pool", "a"));
        });
        PodSpec pod = d.daemonSet().getSpec().getTemplate().getSpec();
        Container agent = pod.getContainers().getFirst();
        assertThat(List.of(agent, pod.getInitContainers().getFirst())).allSatisfy(c -> {
            assertThat(c.getImage()).isEqualTo("registry.local/agent:2");
            assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        });
        assertThat(agent.getReadinessProbe().getHttpGet().getHost()).as("IPv6-only probes ::1").isEqualTo("::1");
        assertThat(env(agent)).containsEntry("SPIDERPOOL_LOG_LEVEL", "debug").containsEntry("SPIDERPOOL_ENABLED_METRIC", "true");
        assertThat(agent.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort()).containsExactly("http=5710", "metrics=5711");
        assertThat(hostPaths(pod)).containsEntry("cni-bin-path", "/var/lib/cni/bin").containsEntry("cni-conf-path", "/etc/k8s/net.d");
        assertThat(mounts(pod.getInitContainers().getFirst())).as("in-container paths stay fixed for the installer")
                .containsEntry("cni-bin-path", "/host/opt/cni/bin");
        assertThat(mounts(agent)).containsEntry("cni-conf-path", "/host/etc/cni/net.d");
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("pool", "a"));
    }

    @Test
    void webhookConfigurationsHaveTheControllersPathsAndAreLeftOutWhenExternal() {
        DesiredState d = desired(s -> { });
        assertThat(d.mutating().getWebhooks()).extracting(MutatingWebhook::getName).containsExactly(
                "spiderippool.spiderpool.spidernet.io", "spidersubnet.spiderpool.spidernet.io",
                "spiderreservedip.spiderpool.spidernet.io", "spidercoordinator.spiderpool.spidernet.io",
                "spidermultusconfig.spiderpool.spidernet.io");
        assertThat(d.validating().getWebhooks()).extracting(w -> w.getClientConfig().getService().getPath())
                .contains("/validate-spiderpool-spidernet-io-v2beta1-spiderippool");
        assertThat(d.validating().getWebhooks()).allSatisfy((ValidatingWebhook w) -> {
            assertThat(w.getClientConfig().getService().getNamespace()).isEqualTo("kube-system");
            assertThat(w.getClientConfig().getService().getPort()).isEqualTo(5722);
            assertThat(w.getClientConfig().getCaBundle()).isNull();
            assertThat(w.getFailurePolicy()).isEqualTo("Fail");
        });
        assertThat(d.validating().getWebhooks().getFirst().getRules().getFirst().getOperations()).contains("DELETE");
        assertThat(d.objects()).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "DaemonSet",
                "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "SpiderCoordinator");
        DesiredState external = desired(s -> s.getController().setWebhookConfigurations(WebhookConfigurations.External));
        assertThat(external.objects()).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "DaemonSet", "SpiderCoordinator");
    }

    @Test
    void theCoordinatorTakesTheSpecDefaulted() {
        CoordinatorSpec given = new CoordinatorSpec();
        given.setPodCIDRType(PodCidrType.CILIUM);
        given.setHostRuleTable(600);
        DesiredState d = desired(s -> s.setCoordinator(given));
        assertThat(d.coordinator().getMetadata().getName()).isEqualTo("default");
        assertThat(d.coordinator().getSpec().getPodCIDRType()).isEqualTo(PodCidrType.CILIUM);
        assertThat(d.coordinator().getSpec().getHostRuleTable()).isEqualTo(600);
        assertThat(d.coordinator().getSpec().getTunePodRoutes()).isTrue();
    }

    @Test
    void everyObjectIsLabelledAndOwned() {
        DesiredState d = desired(s -> { });
        assertThat(d.objects()).allSatisfy(o -> {
            assertThat(o.getMetadata().getLabels()).containsEntry(OperatorGroup.MANAGED_BY_LABEL, OperatorGroup.MANAGED_BY);
            assertThat(ManagedObjects.isManaged(o)).isTrue();
            assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
                assertThat(r.getKind()).isEqualTo("Spiderpool");
                assertThat(r.getApiVersion()).isEqualTo("operator.spiderpool.spidernet.io/v1alpha1");
                assertThat(r.getUid()).isEqualTo("0b0e5d0e-uid");
            });
        });
        assertThat(ManagedObjects.all(OperatorFixtures.CONTEXT)).extracting(Object::toString).containsExactly(
                "SpiderCoordinator default", "ValidatingWebhookConfiguration spiderpool-controller",
                "MutatingWebhookConfiguration spiderpool-controller", "DaemonSet kube-system/spiderpool-agent",
                "ConfigMap kube-system/spiderpool-conf");
    }

    static Map<String, String> env(Container c) {
        return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName,
                e -> e.getValue() != null ? e.getValue() : "fieldRef:" + e.getValueFrom().getFieldRef().getFieldPath()));
    }

    private static Map<String, String> mounts(Container c) {
        return c.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
    }

    private static Map<String, String> hostPaths(PodSpec pod) {
        return pod.getVolumes().stream().filter(v -> v.getHostPath() != null)
                .collect(Collectors.toMap(Volume::getName, v -> v.getHostPath().getPath()));
    }
}
