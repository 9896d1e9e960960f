package io.spidernet.spiderpool.core.operator;

import static io.spidernet.spiderpool.core.operator.OperatorFixtures.desired;
import static io.spidernet.spiderpool.core.operator.OperatorFixtures.effective;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.operator.AgentSettings.LogLevel;
import io.spidernet.spiderpool.core.model.operator.AgentSettings.PullPolicy;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings.WebhookConfigurations;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hash changes exactly when what the agents run changes: the rendered pod template or conf.yml.
 * Each row edits one field; the expectation is computed from the rendered objects themselves, and
 * the table says which rows must change them, so that neither side can drift from the other.
 */
class ConfigHashTest {

    static Stream<Arguments> edits() {
        return Stream.of(
                edit("ipam.enableIPv6 (conf.yml and probe host unchanged)", s -> s.getIpam().setEnableIPv6(true), true),
                edit("ipam.enableIPv4=false (conf.yml and probe host)", s -> {
                    s.getIpam().setEnableIPv4(false);
                    s.getIpam().setEnableIPv6(true);
                }, true),
                edit("ipam.enableStatefulSet", s -> s.getIpam().setEnableStatefulSet(false), true),
                edit("ipam.enableIPConflictDetection", s -> s.getIpam().setEnableIPConflictDetection(true), true),
                edit("agent.image", s -> s.getAgent().setImage("registry.local/agent:2"), true),
                edit("agent.imagePullPolicy", s -> s.getAgent().setImagePullPolicy(PullPolicy.Always), true),
                edit("agent.cniBinDir", s -> s.getAgent().setCniBinDir("/var/lib/cni/bin"), true),
                edit("agent.cniConfDir", s -> s.getAgent().setCniConfDir("/etc/k8s/net.d"), true),
                edit("agent.logLevel", s -> s.getAgent().setLogLevel(LogLevel.WARN), true),
                edit("agent.enableMetrics", s -> s.getAgent().setEnableMetrics(true), true),
                edit("agent.nodeSelector", s -> s.getAgent().setNodeSelector(Map.of("pool", "a")), true),
                edit("explicit defaults", s -> {
                    s.getIpam().setEnableIPv4(true);
                    s.getAgent().setCniBinDir("/opt/cni/bin");
                    s.getAgent().setLogLevel(LogLevel.INFO);
                }, false),
                edit("controller.webhookConfigurations", s -> s.getController()
                        .setWebhookConfigurations(WebhookConfigurations.External), false),
                edit("coordinator.podCIDRType", s -> {
                    CoordinatorSpec c = new CoordinatorSpec();
                    c.setPodCIDRType(PodCidrType.CALICO);
                    s.setCoordinator(c);
                }, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void hashChangesExactlyWhenTheTemplateOrConfYmlDoes(String name, Consumer<SpiderpoolSpec> edit, boolean agentsChange) {
        DesiredState before = desired(s -> { });
        DesiredState after = desired(edit);
        boolean templateChanged = !AgentDaemonSet.podTemplate(effective(s -> { })).equals(AgentDaemonSet.podTemplate(effective(edit)));
        boolean confChanged = !before.configMap().getData().equals(after.configMap().getData());
        assertThat(templateChanged || confChanged).as("the table says whether the agents' inputs change").isEqualTo(agentsChange);
        assertThat(!before.configHash().equals(after.configHash())).as("hash changed").isEqualTo(agentsChange);
        assertThat(!before.daemonSet().getSpec().getTemplate().equals(after.daemonSet().getSpec().getTemplate()))
                .as("the DaemonSet's template (what rolls the pods) changed").isEqualTo(agentsChange);
    }

    @Test
    void theHashIsStableAndBlindToMapOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(desired(s -> s.getAgent().setNodeSelector(ab)).configHash())
                .isEqualTo(desired(s -> s.getAgent().setNodeSelector(ba)).configHash());
        assertThat(desired(s -> { }).configHash()).isEqualTo(desired(s -> { }).configHash()).hasSize(32);
    }

    private static Arguments edit(String name, Consumer<SpiderpoolSpec> edit, boolean agentsChange) {
        return Arguments.of(name, edit, agentsChange);
    }
}
