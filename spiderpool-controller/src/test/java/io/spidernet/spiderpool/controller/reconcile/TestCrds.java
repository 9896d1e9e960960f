package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the repository's CRDs into a test API server, so status is a subresource as in a cluster. */
final class TestCrds {
    private TestCrds() {}

    static void create(KubernetesClient client, String... plurals) {
        for (String plural : plurals) {
            String name = plural + ".spiderpool.spidernet.io";
            if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
                continue;
            }
            try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/" + name + ".yaml"))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
