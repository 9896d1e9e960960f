package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.model.SpiderIPPool;

class InMemoryPoolStoreTest extends PoolStoreContract {
    @Override
    protected PoolStore storeWith(SpiderIPPool pool) {
        InMemoryPoolStore store = new InMemoryPoolStore();
        store.put(pool);
        return store;
    }
}
