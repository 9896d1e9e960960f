package io.spidernet.spiderpool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The agent's application.properties maps upstream's environment names onto {@link AgentConfig}; the
 * environment is a map here, as {@code EnvConfigSource} reads it, so no process env is touched.
 */
class AgentConfigEnvTest {

    private static AgentConfig withEnvironment(Map<String, String> env) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(
                        AgentConfigEnvTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(AgentConfig.class)
                .build();
        return config.getConfigMapping(AgentConfig.class);
    }

    @Test
    void upstreamsEnvironmentNamesReachTheAgentConfig() throws IOException {
        AgentConfig config = withEnvironment(Map.of(
                "SPIDERPOOL_IPPOOL_MAX_ALLOCATED_IPS", "300",
                "SPIDERPOOL_WAIT_SUBNET_POOL_TIME_IN_SECOND", "4",
                "SPIDERPOOL_WAIT_SUBNET_POOL_MAX_RETRIES", "9",
                "SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS", "false",
                "MULTUS_CLUSTER_NETWORK", "kube-system/calico",
                "SPIDERPOOL_NODE_NAME", "worker-3",
                "SPIDERPOOL_POD_NAMESPACE", "spiderpool",
                "SPIDERPOOL_POD_NAME", "spiderpool-agent-x7k2p",
                "SPIDERPOOL_AGENT_CONF_FILE", "/tmp/spiderpool/config-map/conf.yml"));

        assertThat(config.maxAllocatedIps()).isEqualTo(300);
        assertThat(config.waitSubnetPool().intervalSeconds()).isEqualTo(4);
        assertThat(config.waitSubnetPool().maxRetries()).isEqualTo(9);
        assertThat(config.releaseConflictIps()).isFalse();
        assertThat(config.multusClusterNetwork()).contains("kube-system/calico");
        assertThat(config.nodeName()).contains("worker-3");
        assertThat(config.namespace()).isEqualTo("spiderpool");
        assertThat(config.podName()).contains("spiderpool-agent-x7k2p");
        assertThat(config.confFile()).contains(Path.of("/tmp/spiderpool/config-map/conf.yml"));
    }

    @Test
    void withoutThemUpstreamsDefaultsApply() throws IOException {
        AgentConfig config = withEnvironment(Map.of());

        assertThat(config.maxAllocatedIps()).isEqualTo(5000);
        assertThat(config.waitSubnetPool().intervalSeconds()).isEqualTo(2);
        assertThat(config.waitSubnetPool().maxRetries()).isEqualTo(25);
        assertThat(config.releaseConflictIps()).isTrue();
        assertThat(config.multusClusterNetwork()).isEqualTo(Optional.empty());
        assertThat(config.nodeName()).isEqualTo(Optional.empty());
        assertThat(config.namespace()).isEqualTo("kube-system");
        assertThat(config.confFile()).isEqualTo(Optional.empty());
    }

    @Test
    void theAgentsOwnNameWinsOverUpstreams() throws IOException {
        AgentConfig config = withEnvironment(Map.of(
                "SPIDERPOOL_IPPOOL_MAX_ALLOCATED_IPS", "300",
                "SPIDERPOOL_AGENT_MAX_ALLOCATED_IPS", "700"));

        assertThat(config.maxAllocatedIps()).isEqualTo(700);
    }
}
