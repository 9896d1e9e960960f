package io.spidernet.spiderpool.agent;

import io.spidernet.spiderpool.agent.config.AgentConfig;
import io.spidernet.spiderpool.agent.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.agent.ipam.NodeService;
import io.spidernet.spiderpool.agent.ipam.NodeStore;
import io.spidernet.spiderpool.agent.ipam.PodContext;
import io.spidernet.spiderpool.agent.local.AtomicFileWriter;
import io.spidernet.spiderpool.agent.local.LocalPoolStore;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.random.RandomGenerator;

/** Builds the agent's object graph from its configuration: the store, then the service over it. */
@Singleton
public class AgentBeans {

    @Produces
    @Singleton
    SpiderpoolConfFile confFile(AgentConfig config) {
        return config.confFile().map(SpiderpoolConfFile::read).orElseGet(SpiderpoolConfFile::defaults);
    }

    @Produces
    @Singleton
    SpiderpoolConf spiderpoolConf(SpiderpoolConfFile file, AgentConfig config) {
        // no SpiderSubnet without a controller to create application pools from it
        return file.ipam(config.maxAllocatedIps()).withSpiderSubnet(false, false);
    }

    @Produces
    @Singleton
    NodeStore nodeStore(AgentConfig config, SpiderpoolConf conf) {
        return switch (config.store()) {
            case LOCAL -> LocalPoolStore.open(config.local().poolsDir(), config.local().stateFile(), new AtomicFileWriter(), conf);
        };
    }

    void closeStore(@Disposes NodeStore store) throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Produces
    @Singleton
    NodeService nodeService(NodeStore store, SpiderpoolConf conf, AgentConfig config) {
        String node = nodeName(config);
        AllocationEngine engine = new AllocationEngine(store,
                RetryPolicy.upstreamDefault(Thread::sleep, RandomGenerator.getDefault()), conf.maxAllocatedIPs());
        return new NodeService(store, engine, PodContext.clusterless(node), conf, config.namespace(), node);
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
