package io.spidernet.spiderpool.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.allocation.PoolStoreContract;
import io.spidernet.spiderpool.core.model.SpiderIPPool;

/** The API-backed store keeps the promises every PoolStore makes, against a CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPoolStoreContractTest extends PoolStoreContract {
    KubernetesClient client;

    @Override
    protected PoolStore storeWith(SpiderIPPool pool) {
        MockApi.installCrd(client);
        MockApi.create(client, pool);
        return new KubernetesPoolStore(client);
    }
}
