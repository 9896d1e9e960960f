package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.agent.local.AtomicFileWriter;
import io.spidernet.spiderpool.agent.local.LocalCoordinator;
import io.spidernet.spiderpool.agent.local.LocalPoolStore;
import io.spidernet.spiderpool.agent.local.ManifestFiles;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/** A node service on a local store in a temporary directory, as the agent wires it. */
public final class NodeFixture implements AutoCloseable {
    public static final SpiderpoolConf CONF = SpiderpoolConf.defaults().withSpiderSubnet(false, false);
    public final LocalPoolStore store;
    public final NodeService node;

    private NodeFixture(LocalPoolStore store, Path poolsDir) {
        this.store = store;
        this.node = new NodeService(store, new AllocationEngine(store, RetryPolicy.upstreamDefault(Thread::sleep,
                RandomGenerator.getDefault()), CONF.maxAllocatedIPs()), PodContext.clusterless("node-1"), CONF,
                "kube-system", "node-1", new LocalCoordinator(poolsDir));
    }

    /** Writes {@code manifests} into {@code dir/pools} and opens the store on {@code dir/state.json}. */
    public static NodeFixture open(Path dir, Object... manifests) {
        ManifestFiles.write(dir.resolve("pools"), "pools.yaml", manifests);
        return reopen(dir);
    }

    /** A new store and service on the files already in {@code dir}: an agent restart. */
    public static NodeFixture reopen(Path dir) {
        return new NodeFixture(LocalPoolStore.open(dir.resolve("pools"), dir.resolve("state.json"), new AtomicFileWriter(), CONF),
                dir.resolve("pools"));
    }

    @Override
    public void close() {
        store.close();
    }
}
