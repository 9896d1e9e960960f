package io.spidernet.spiderpool.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;


/**
 * A client of the same API server that runs {@code race} just before each of its SpiderEndpoint
 * writes (PUT or POST) leaves, so that a store built on it loses a race on purpose: another writer
 * changes the record between the store's read and its write.
 */
final class RacingClient {

    private RacingClient() {}

    static KubernetesClient beforeEndpointWrites(KubernetesClient client, Runnable race) {
        Interceptor hook = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                String method = request.method();
                if (("PUT".equals(method) || "POST".equals(method)) && request.uri().getPath().contains("/spiderendpoints")) {
                    race.run();
                }
            }
        };
        return new KubernetesClientBuilder().withConfig(client.getConfiguration())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("race", hook)).build();
    }
}
