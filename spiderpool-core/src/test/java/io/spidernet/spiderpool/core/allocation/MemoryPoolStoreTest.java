package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.model.SpiderIPPool;

class MemoryPoolStoreTest extends PoolStoreContract {
    @Override
    protected PoolStore storeWith(SpiderIPPool pool) {
        MemoryPoolStore store = new MemoryPoolStore();
        store.put(pool);
        return store;
    }
}
