package io.spidernet.spiderpool.core.operator;

import static io.spidernet.spiderpool.core.operator.OperatorFixtures.CONTEXT;
import static io.spidernet.spiderpool.core.operator.OperatorFixtures.effective;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.operator.AgentSettings.LogLevel;
import io.spidernet.spiderpool.core.model.operator.AgentSettings.PullPolicy;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings.WebhookConfigurations;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Defaults of every field, the effect of setting each one, and the refusals with their messages. */
class EffectiveSpecTest {

    @Test
    void anObjectWithoutSpecGetsEveryDefault() {
        Spiderpool bare = new Spiderpool();
        bare.setMetadata(new ObjectMetaBuilder().withName("spiderpool").withUid("u").build());
        EffectiveSpec e = EffectiveSpec.of(bare, CONTEXT);
        assertThat(e.ipam()).isEqualTo(new EffectiveSpec.Ipam(true, false, true, true, true, true, false, false));
        assertThat(e.agent()).isEqualTo(new EffectiveSpec.Agent(CONTEXT.defaultAgentImage(), "IfNotPresent", "/opt/cni/bin",
                "/etc/cni/net.d", "info", false, Map.of()));
        assertThat(e.webhooksManaged()).isTrue();
        assertThat(e.coordinator().getMode()).isEqualTo(CoordinatorMode.AUTO);
        assertThat(e.coordinator().getPodCIDRType()).isEqualTo(PodCidrType.AUTO);
        assertThat(e.coordinator().getTunePodRoutes()).isTrue();
        assertThat(e.coordinator().getHostRuleTable()).isEqualTo(500);
        assertThat(e.coordinator().getPodRPFilter()).isZero();
        assertThat(e.coordinator().getTxQueueLen()).isZero();
        EffectiveSpec emptyGroups = EffectiveSpec.of(OperatorFixtures.spiderpool(s -> { }), CONTEXT);
        assertThat(List.of(emptyGroups.ipam(), emptyGroups.agent(), emptyGroups.webhooksManaged()))
                .containsExactly(e.ipam(), e.agent(), e.webhooksManaged());
        ObjectMapper json = new ObjectMapper();
        assertThat((Object) json.valueToTree(emptyGroups.coordinator())).isEqualTo(json.valueToTree(e.coordinator()));
    }

    static Stream<Arguments> fields() {
        return Stream.of(
                field("ipam.enableIPv4=false (with v6)", s -> {
                    s.getIpam().setEnableIPv4(false);
                    s.getIpam().setEnableIPv6(true);
                }, e -> e.ipam().enableIPv4() + "/" + e.ipam().enableIPv6(), "false/true"),
                field("ipam.enableIPv6", s -> s.getIpam().setEnableIPv6(true), e -> e.ipam().enableIPv6(), true),
                field("ipam.enableStatefulSet", s -> s.getIpam().setEnableStatefulSet(false), e -> e.ipam().enableStatefulSet(), false),
                field("ipam.enableKubevirtStaticIP", s -> s.getIpam().setEnableKubevirtStaticIP(false),
                        e -> e.ipam().enableKubevirtStaticIP(), false),
                field("ipam.enableSpiderSubnet=false turns auto-pools off too", s -> s.getIpam().setEnableSpiderSubnet(false),
                        e -> e.ipam().enableSpiderSubnet() + "/" + e.ipam().enableAutoPoolForApplication(), "false/false"),
                field("ipam.enableAutoPoolForApplication", s -> s.getIpam().setEnableAutoPoolForApplication(false),
                        e -> e.ipam().enableAutoPoolForApplication(), false),
                field("ipam.enableIPConflictDetection", s -> s.getIpam().setEnableIPConflictDetection(true),
                        e -> e.ipam().enableIPConflictDetection(), true),
                field("ipam.enableGatewayDetection", s -> s.getIpam().setEnableGatewayDetection(true),
                        e -> e.ipam().enableGatewayDetection(), true),
                field("agent.image", s -> s.getAgent().setImage("registry.local/agent@sha256:abc"), e -> e.agent().image(),
                        "registry.local/agent@sha256:abc"),
                field("agent.imagePullPolicy", s -> s.getAgent().setImagePullPolicy(PullPolicy.Always),
                        e -> e.agent().imagePullPolicy(), "Always"),
                field("agent.cniBinDir", s -> s.getAgent().setCniBinDir("/var/lib/cni/bin"), e -> e.agent().cniBinDir(),
                        "/var/lib/cni/bin"),
                field("agent.cniConfDir", s -> s.getAgent().setCniConfDir("/etc/kubernetes/cni/net.d"),
                        e -> e.agent().cniConfDir(), "/etc/kubernetes/cni/net.d"),
                field("agent.logLevel", s -> s.getAgent().setLogLevel(LogLevel.DEBUG), e -> e.agent().logLevel(), "debug"),
                field("agent.enableMetrics", s -> s.getAgent().setEnableMetrics(true), e -> e.agent().enableMetrics(), true),
                field("agent.nodeSelector", s -> s.getAgent().setNodeSelector(Map.of("node-role.kubernetes.io/worker", "")),
                        e -> e.agent().nodeSelector(), Map.of("node-role.kubernetes.io/worker", "")),
                field("controller.webhookConfigurations=External", s -> s.getController()
                        .setWebhookConfigurations(WebhookConfigurations.External), EffectiveSpec::webhooksManaged, false),
                field("coordinator.podCIDRType", s -> s.setCoordinator(coordinator(c -> c.setPodCIDRType(PodCidrType.CALICO))),
                        e -> e.coordinator().getPodCIDRType(), PodCidrType.CALICO),
                field("coordinator.mode keeps the other defaults", s -> s.setCoordinator(coordinator(c -> c.setMode(CoordinatorMode.UNDERLAY))),
                        e -> e.coordinator().getMode().wire() + "/" + e.coordinator().getHostRuleTable(), "underlay/500"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void eachFieldTakesEffect(String name, Consumer<SpiderpoolSpec> edit, Function<EffectiveSpec, Object> read, Object expected) {
        assertThat(read.apply(effective(s -> { }))).as("default").isNotEqualTo(expected);
        assertThat(read.apply(effective(edit))).isEqualTo(expected);
    }

    @Test
    void autoMeansExternalUnderOlmAndManagedOtherwise() {
        OperatorContext olm = new OperatorContext("kube-system", "img:1", true, "svc", 5722, "m", "v", "default");
        Spiderpool auto = OperatorFixtures.spiderpool(s -> s.getController().setWebhookConfigurations(WebhookConfigurations.Auto));
        Spiderpool managed = OperatorFixtures.spiderpool(s -> s.getController().setWebhookConfigurations(WebhookConfigurations.Managed));
        assertThat(EffectiveSpec.of(auto, olm).webhooksManaged()).isFalse();
        assertThat(EffectiveSpec.of(auto, CONTEXT).webhooksManaged()).isTrue();
        assertThat(EffectiveSpec.of(managed, olm).webhooksManaged()).isTrue();
        assertThat(EffectiveSpec.webhooksManaged(auto, true)).isFalse();
        assertThat(EffectiveSpec.webhooksManaged(null, false)).isTrue();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of((Consumer<SpiderpoolSpec>) s -> s.getIpam().setEnableIPv4(false),
                        "spec.ipam: enableIPv4 and enableIPv6 are both false; enable at least one family"),
                Arguments.of((Consumer<SpiderpoolSpec>) s -> s.getAgent().setCniBinDir("opt/cni/bin"),
                        "spec.agent.cniBinDir: \"opt/cni/bin\" must be an absolute host path"),
                Arguments.of((Consumer<SpiderpoolSpec>) s -> s.getAgent().setCniConfDir("/etc/../root"),
                        "spec.agent.cniConfDir: \"/etc/../root\" must be an absolute host path without \"..\""),
                Arguments.of((Consumer<SpiderpoolSpec>) s -> s.getAgent().setImage("agent image"),
                        "spec.agent.image: \"agent image\" is not an image reference"),
                Arguments.of((Consumer<SpiderpoolSpec>) s -> s.getAgent().setNodeSelector(Map.of("bad key!", "x")),
                        "spec.agent.nodeSelector: \"bad key!\": \"x\" is not a valid label key and value"),
                Arguments.of((Consumer<SpiderpoolSpec>) s -> s.setCoordinator(coordinator(c -> c.setPodMACPrefix("0b:1b"))),
                        "spec.coordinator.podMACPrefix"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void badValuesAreRefusedNamingTheFieldAndTheFix(Consumer<SpiderpoolSpec> edit, String message) {
        assertThatThrownBy(() -> effective(edit)).isInstanceOf(InvalidSpecException.class).hasMessageContaining(message);
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> effective(s -> {
            s.getIpam().setEnableIPv4(false);
            s.getAgent().setCniBinDir("relative");
        })).isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    private static Arguments field(String name, Consumer<SpiderpoolSpec> edit, Function<EffectiveSpec, Object> read, Object expected) {
        return Arguments.of(name, edit, read, expected);
    }

    private static CoordinatorSpec coordinator(Consumer<CoordinatorSpec> edit) {
        CoordinatorSpec c = new CoordinatorSpec();
        edit.accept(c);
        return c;
    }
}
