package io.spidernet.spiderpool.agent.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares fabric8's CRUD mock API server the way a cluster would be: the SpiderIPPool CRD first
 * (only then is {@code status} a subresource the server keeps apart from the spec), then pools.
 */
final class MockApi {
    private static final Path CRD = Path.of("../deploy/crds/spiderippools.spiderpool.spidernet.io.yaml");

    private MockApi() {}

    static void installCrd(KubernetesClient client) {
        try (InputStream in = Files.newInputStream(CRD)) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the pool; it is cluster-scoped, so it must carry no namespace (the mock hangs on one). */
    static SpiderIPPool create(KubernetesClient client, SpiderIPPool pool) {
        pool.getMetadata().setNamespace(null);
        return client.resource(pool).create();
    }
}
