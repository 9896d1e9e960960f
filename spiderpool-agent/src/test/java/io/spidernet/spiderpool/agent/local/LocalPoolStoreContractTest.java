package io.spidernet.spiderpool.agent.local;

import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.allocation.PoolStoreContract;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed store keeps the promises every PoolStore makes. */
class LocalPoolStoreContractTest extends PoolStoreContract {
    @TempDir
    Path dir;
    private final List<LocalPoolStore> opened = new ArrayList<>();

    @Override
    protected PoolStore storeWith(SpiderIPPool pool) {
        ManifestFiles.write(dir.resolve("pools"), "pool.yaml", pool);
        LocalPoolStore store = LocalPoolStore.open(dir.resolve("pools"), dir.resolve("state.json"), new AtomicFileWriter(),
                SpiderpoolConf.defaults().withSpiderSubnet(false, false));
        opened.add(store);
        return store;
    }

    @AfterEach
    void close() {
        opened.forEach(LocalPoolStore::close);
    }
}
