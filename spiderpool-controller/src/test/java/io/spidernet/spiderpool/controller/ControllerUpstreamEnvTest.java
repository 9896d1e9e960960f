package io.spidernet.spiderpool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.spidernet.spiderpool.core.gc.GcSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every variable upstream's chart sets for the controller is in docs/configuration.md's table, and each one the
 * table says takes effect reaches its setting through application.properties (SPIDERPOOL_GC_* on to
 * {@link GcSettings}).
 */
class ControllerUpstreamEnvTest {

    /** charts/spiderpool/templates/deployment.yaml, the spiderpool-controller container's env. */
    private static final List<String> CHART_ENV = List.of("SPIDERPOOL_LOG_LEVEL", "SPIDERPOOL_ENABLED_METRIC",
            "SPIDERPOOL_ENABLED_DEBUG_METRIC", "SPIDERPOOL_METRIC_HTTP_PORT", "SPIDERPOOL_GOPS_LISTEN_PORT",
            "SPIDERPOOL_WEBHOOK_PORT", "SPIDERPOOL_HEALTH_PORT", "SPIDERPOOL_GC_IP_ENABLED",
            "SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_READY_NODE_ENABLED",
            "SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_NOT_READY_NODE_ENABLED",
            "SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS", "SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY",
            "SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "SPIDERPOOL_MULTUS_CONFIG_ENABLED", "SPIDERPOOL_CNI_CONFIG_DIR",
            "SPIDERPOOL_COORDINATOR_ENABLED", "SPIDERPOOL_COORDINATOR_DEAFULT_NAME",
            "SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME", "SPIDERPOOL_POD_NAME", "SPIDERPOOL_POD_NAMESPACE",
            "SPIDERPOOL_CONTROLLER_DEPLOYMENT_NAME");

    /** Variable, a value for it, and the setting that must then hold that value. */
    private record Mapping(String env, String value, String key) {}

    private static final List<Mapping> MAPPED = List.of(
            new Mapping("SPIDERPOOL_LOG_LEVEL", "debug", "quarkus.log.level"),
            new Mapping("SPIDERPOOL_ENABLED_METRIC", "true", "spiderpool.controller.metrics.enabled"),
            new Mapping("SPIDERPOOL_ENABLED_DEBUG_METRIC", "true", "spiderpool.controller.debug-metrics"),
            new Mapping("SPIDERPOOL_METRIC_HTTP_PORT", "15721", "spiderpool.controller.metrics.port"),
            new Mapping("SPIDERPOOL_WEBHOOK_PORT", "15722", "spiderpool.controller.webhook.port"),
            new Mapping("SPIDERPOOL_HEALTH_PORT", "15720", "quarkus.http.port"),
            new Mapping("SPIDERPOOL_POD_NAME", "spiderpool-controller-7d9f", "spiderpool.controller.pod-name"),
            new Mapping("SPIDERPOOL_POD_NAMESPACE", "spiderpool", "spiderpool.controller.namespace"),
            new Mapping("SPIDERPOOL_MULTUS_CONFIG_ENABLED", "false", "spiderpool.controller.multus-config-enabled"),
            new Mapping("SPIDERPOOL_CNI_CONFIG_DIR", "/host/etc/cni/net.d", "spiderpool.controller.coordinator.cni-config-dir"),
            new Mapping("SPIDERPOOL_COORDINATOR_ENABLED", "false", "spiderpool.controller.coordinator.enabled"),
            new Mapping("SPIDERPOOL_COORDINATOR_DEAFULT_NAME", "cluster-wide", "spiderpool.controller.coordinator.name"),
            new Mapping("SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME", "cilium/cilium-config",
                    "spiderpool.controller.coordinator.cilium-config-map"));

    /** The GC variables and a value other than upstream's default. */
    private static final Map<String, String> GC = Map.of(
            "SPIDERPOOL_GC_IP_ENABLED", "false",
            "SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_READY_NODE_ENABLED", "false",
            "SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_NOT_READY_NODE_ENABLED", "false",
            "SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS", "true",
            "SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY", "30",
            "SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "60");

    private static Map<String, String> documentedRows() throws IOException {
        Pattern row = Pattern.compile("^\\| `([A-Z_]+)` \\| controller \\| (.+) \\|$");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../docs/configuration.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }

    /** The controller's configuration as it starts with environment {@code env}: application.properties over it. */
    static SmallRyeConfig configFrom(Map<String, String> env) throws IOException {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        ControllerUpstreamEnvTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(env, 300))
                // "15s" as Quarkus reads durations
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(ControllerConfig.class)
                .build();
    }

    @Test
    void theDocumentedTableHasARowForEveryVariableOfTheChart() throws IOException {
        Map<String, String> rows = documentedRows();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(CHART_ENV);
        List<String> takingEffect = rows.entrySet().stream().filter(e -> !e.getValue().startsWith("no effect"))
                .map(Map.Entry::getKey).toList();
        List<String> tested = new java.util.ArrayList<>(MAPPED.stream().map(Mapping::env).toList());
        tested.addAll(GC.keySet());
        assertThat(tested).containsExactlyInAnyOrderElementsOf(takingEffect);
    }

    @Test
    void eachVariableThatTakesEffectReachesItsSetting() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        MAPPED.forEach(m -> env.put(m.env(), m.value()));
        SmallRyeConfig config = configFrom(env);

        assertThat(MAPPED).allSatisfy(m -> assertThat(config.getValue(m.key(), String.class)).as(m.env()).isEqualTo(m.value()));
        ControllerConfig controller = config.getConfigMapping(ControllerConfig.class);
        assertThat(controller.metrics().enabled()).isTrue();
        assertThat(controller.webhook().port()).isEqualTo(15722);
        assertThat(controller.coordinator().enabled()).isFalse();
        assertThat(controller.coordinator().resyncPeriod()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theCoordinatorsNameIsReadUnderBothSpellingsTheCorrectOneWinning() throws IOException {
        assertThat(configFrom(Map.of()).getConfigMapping(ControllerConfig.class).coordinator().name()).isEqualTo("default");
        assertThat(configFrom(Map.of("SPIDERPOOL_COORDINATOR_DEFAULT_NAME", "a")).getConfigMapping(ControllerConfig.class)
                .coordinator().name()).isEqualTo("a");
        assertThat(configFrom(Map.of("SPIDERPOOL_COORDINATOR_DEFAULT_NAME", "a", "SPIDERPOOL_COORDINATOR_DEAFULT_NAME", "b"))
                .getConfigMapping(ControllerConfig.class).coordinator().name()).isEqualTo("a");
        assertThat(configFrom(Map.of("SPIDERPOOL_COORDINATOR_INFORMER_RESYNC_PERIOD", "5")).getConfigMapping(ControllerConfig.class)
                .coordinator().resyncPeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void eachGcVariableChangesTheGcSettings() {
        assertThat(GC).allSatisfy((name, value) ->
                assertThat(ControllerGcEnvTest.settingsFrom(Map.of(name, value))).as(name).isNotEqualTo(GcSettings.defaults()));
    }
}
