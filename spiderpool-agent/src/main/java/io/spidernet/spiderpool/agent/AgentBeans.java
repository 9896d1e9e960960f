package io.spidernet.spiderpool.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.spidernet.spiderpool.agent.cluster.ClusterNodeService;
import io.spidernet.spiderpool.agent.config.AgentConfig;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.agent.ipam.NodeService;
import io.spidernet.spiderpool.agent.ipam.NodeStore;
import io.spidernet.spiderpool.agent.ipam.PodContext;
import io.spidernet.spiderpool.agent.ipam.ValidatedNodeApi;
import io.spidernet.spiderpool.agent.local.AtomicFileWriter;
import io.spidernet.spiderpool.agent.local.LocalCoordinator;
import io.spidernet.spiderpool.agent.local.LocalPoolStore;
import io.spidernet.spiderpool.agent.metrics.MeteredNodeApi;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.core.config.UpstreamCommandLine;
import io.spidernet.spiderpool.kube.ConfFileReader;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** Builds the agent's object graph from its configuration: the store, then the service over it. */
@Singleton
public class AgentBeans {
    /**
     * The file {@code --config-path} or {@code spiderpool.agent.conf-file} names (the flag wins; it is a
     * system property by then, see {@link AgentMain}); else upstream's mount point when something is
     * mounted there; else the chart's defaults.
     */
    @Produces
    @Singleton
    SpiderpoolConfFile confFile(AgentConfig config) {
        return ConfFileReader.read(config.confFile(), Path.of(UpstreamCommandLine.DEFAULT_CONFIG_PATH),
                "spiderpool.agent.conf-file");
    }

    @Produces
    @Singleton
    SpiderpoolConf spiderpoolConf(SpiderpoolConfFile file, AgentConfig config) {
        SpiderpoolConf conf = file.ipam(config.maxAllocatedIps());
        // no SpiderSubnet without a controller to create application pools from it
        return config.store() == AgentConfig.StoreType.LOCAL ? conf.withSpiderSubnet(false, false) : conf;
    }

    @Produces
    @Singleton
    NodeApi nodeApi(AgentConfig config, SpiderpoolConf conf, Instance<KubernetesClient> client, MeterRegistry registry) {
        // every request is validated once, here, whichever transport it came by
        return new MeteredNodeApi(waits -> new ValidatedNodeApi(store(config, conf, client, waits)), registry,
                config.metrics().debug());
    }

    private static NodeApi store(AgentConfig config, SpiderpoolConf conf, Instance<KubernetesClient> client,
                                 NodeApi.QueueWaits waits) {
        String node = nodeName(config);
        return switch (config.store()) {
            case LOCAL -> {
                NodeStore store = LocalPoolStore.open(config.local().poolsDir(), config.local().stateFile(),
                        new AtomicFileWriter(), conf);
                yield new NodeService(store, engine(store, conf), PodContext.clusterless(node), conf, config.namespace(), node,
                        new LocalCoordinator(config.local().poolsDir()));
            }
            case KUBERNETES -> cluster(config, conf, client.get(), node, waits);
        };
    }

    private static ClusterNodeService cluster(AgentConfig config, SpiderpoolConf conf, KubernetesClient client, String node,
                                              NodeApi.QueueWaits waits) {
        ClusterNodeService.Settings settings = new ClusterNodeService.Settings(node, config.namespace(),
                config.multusClusterNetwork().filter(n -> !n.isBlank()).orElse(null), config.releaseConflictIps(),
                Math.max(1, config.waitSubnetPool().maxRetries()), config.waitSubnetPool().intervalSeconds() * 1000L,
                config.kubernetes().coordinatorName(), config.kubernetes().podsOfThisNodeOnly());
        return ClusterNodeService.open(client, conf, settings, Duration.ofSeconds(config.kubernetes().cacheSyncTimeoutSeconds()),
                RetryPolicy.sharedPool(Thread::sleep, RandomGenerator.getDefault()), waits);
    }

    private static RetryPolicy retry() {
        return RetryPolicy.upstreamDefault(Thread::sleep, RandomGenerator.getDefault());
    }

    private static AllocationEngine engine(NodeStore store, SpiderpoolConf conf) {
        return new AllocationEngine(store, retry(), conf.maxAllocatedIPs());
    }

    void close(@Disposes NodeApi node) {
        node.close();
    }

    static String nodeName(AgentConfig config) {
        return config.nodeName().filter(n -> !n.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("cannot tell this node's name: set spiderpool.agent.node-name", e);
            }
        });
    }
}
