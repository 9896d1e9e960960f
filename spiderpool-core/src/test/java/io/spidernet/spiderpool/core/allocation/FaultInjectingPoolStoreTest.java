package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.model.SpiderIPPool;

/** The test fake must keep the contract too, or tests built on it prove nothing. */
class FaultInjectingPoolStoreTest extends PoolStoreContract {
    @Override
    protected PoolStore storeWith(SpiderIPPool pool) {
        FaultInjectingPoolStore store = new FaultInjectingPoolStore();
        store.put(pool);
        return store;
    }
}
