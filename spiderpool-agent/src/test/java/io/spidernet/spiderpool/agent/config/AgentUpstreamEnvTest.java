package io.spidernet.spiderpool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.logging.LevelConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every variable upstream's chart sets for the agent is in docs/configuration.md's table, and each one the table
 * says takes effect reaches its setting through application.properties.
 */
class AgentUpstreamEnvTest {

    /** charts/spiderpool/templates/daemonset.yaml, the spiderpool-agent container's env. */
    private static final List<String> CHART_ENV = List.of("SPIDERPOOL_POD_NAME", "SPIDERPOOL_POD_NAMESPACE",
            "SPIDERPOOL_NODE_NAME", "SPIDERPOOL_LOG_LEVEL", "SPIDERPOOL_ENABLED_METRIC", "SPIDERPOOL_ENABLED_DEBUG_METRIC",
            "SPIDERPOOL_ENABLED_RDMA_METRIC", "SPIDERPOOL_METRIC_HTTP_PORT", "SPIDERPOOL_HEALTH_PORT",
            "SPIDERPOOL_GOPS_LISTEN_PORT", "MULTUS_CLUSTER_NETWORK");

    /** Variable, a value for it, and the setting that must then hold that value. */
    private record Mapping(String env, String value, String key) {}

    private static final List<Mapping> MAPPED = List.of(
            new Mapping("SPIDERPOOL_POD_NAME", "spiderpool-agent-x7k2p", "spiderpool.agent.pod-name"),
            new Mapping("SPIDERPOOL_POD_NAMESPACE", "spiderpool", "spiderpool.agent.namespace"),
            new Mapping("SPIDERPOOL_NODE_NAME", "worker-3", "spiderpool.agent.node-name"),
            new Mapping("SPIDERPOOL_LOG_LEVEL", "warn", "quarkus.log.level"),
            new Mapping("SPIDERPOOL_ENABLED_METRIC", "true", "spiderpool.agent.metrics.enabled"),
            new Mapping("SPIDERPOOL_ENABLED_DEBUG_METRIC", "true", "spiderpool.agent.metrics.debug"),
            new Mapping("SPIDERPOOL_METRIC_HTTP_PORT", "15711", "spiderpool.agent.metrics.port"),
            new Mapping("SPIDERPOOL_HEALTH_PORT", "15710", "quarkus.management.port"),
            new Mapping("MULTUS_CLUSTER_NETWORK", "kube-system/calico", "spiderpool.agent.multus-cluster-network"));

    static Map<String, String> documentedRows(String app) throws IOException {
        Pattern row = Pattern.compile("^\\| `([A-Z_]+)` \\| " + app + " \\| (.+) \\|$");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("../docs/configuration.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }

    @Test
    void theDocumentedTableHasARowForEveryVariableOfTheChart() throws IOException {
        Map<String, String> rows = documentedRows("agent");
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(CHART_ENV);
        assertThat(MAPPED).extracting(Mapping::env).containsExactlyInAnyOrderElementsOf(
                rows.entrySet().stream().filter(e -> !e.getValue().startsWith("no effect")).map(Map.Entry::getKey).toList());
    }

    @Test
    void eachVariableThatTakesEffectReachesItsSetting() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        MAPPED.forEach(m -> env.put(m.env(), m.value()));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        AgentUpstreamEnvTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(AgentConfig.class)
                .build();

        assertThat(MAPPED).allSatisfy(m -> assertThat(config.getValue(m.key(), String.class)).as(m.env()).isEqualTo(m.value()));
        AgentConfig agent = config.getConfigMapping(AgentConfig.class);
        assertThat(agent.metrics().enabled()).isTrue();
        assertThat(agent.metrics().port()).isEqualTo(15711);
    }

    @Test
    void theCoordinatorNameIsReadInUpstreamsSpellingAndTheCorrectOneWins() throws IOException {
        assertThat(coordinatorName(Map.of())).isEqualTo("default");
        assertThat(coordinatorName(Map.of("SPIDERPOOL_COORDINATOR_DEAFULT_NAME", "sic"))).isEqualTo("sic");
        assertThat(coordinatorName(Map.of("SPIDERPOOL_COORDINATOR_DEAFULT_NAME", "sic",
                "SPIDERPOOL_COORDINATOR_DEFAULT_NAME", "spelled"))).isEqualTo("spelled");
    }

    private static String coordinatorName(Map<String, String> env) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        AgentUpstreamEnvTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getValue("spiderpool.agent.kubernetes.coordinator-name", String.class);
    }

    @Test
    void upstreamsLogLevelsAreQuarkusLevels() {
        LevelConverter levels = new LevelConverter();
        assertThat(List.of("debug", "info", "warn", "error", "fatal")).extracting(levels::convert)
                .extracting(Level::getName).containsExactly("DEBUG", "INFO", "WARN", "ERROR", "FATAL");
    }
}
