package io.spidernet.spiderpool.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares fabric8's CRUD mock API server the way a cluster would be: the CRDs first
 * (only then is {@code status} a subresource the server keeps apart from the spec), then pools.
 */
public final class MockApi {
    private static final Path CRDS = Path.of("../deploy/crds");

    private MockApi() {}

    /** The SpiderIPPool CRD. */
    public static void installCrd(KubernetesClient client) {
        installCrd(client, "spiderippools");
    }

    /** The CRD of {@code plural} from deploy/crds, as generated from the model. */
    public static void installCrd(KubernetesClient client, String plural) {
        try (InputStream in = Files.newInputStream(CRDS.resolve(plural + ".spiderpool.spidernet.io.yaml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the pool; it is cluster-scoped, so it must carry no namespace (the mock hangs on one). */
    public static SpiderIPPool create(KubernetesClient client, SpiderIPPool pool) {
        pool.getMetadata().setNamespace(null);
        return client.resource(pool).create();
    }
}
