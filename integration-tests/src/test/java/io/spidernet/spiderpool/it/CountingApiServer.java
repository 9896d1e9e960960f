package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One API server for several agent processes: fabric8's CRUD mock on a real loopback port, with
 * Spiderpool's CRDs installed. It counts on the server side what the agents send (by verb and
 * resource, e.g. {@code PATCH spiderippools/status}) and how many answers were 409, so that a storm's
 * write and conflict figures do not depend on what the agents report about themselves.
 *
 * <p>Facts about the mock the storm relies on: it answers 409 for a stale {@code resourceVersion} on
 * PUT and on merge patches, {@code /status} included; it ignores field selectors it does not support;
 * server-side apply is 415.
 */
final class CountingApiServer implements AutoCloseable {
    private static final List<String> CRDS = List.of("spiderippools", "spiderendpoints", "spiderreservedips",
            "spidersubnets", "spidermultusconfigs", "spidercoordinators");

    /**
     * The mock logs every request at INFO through java.util.logging: tens of thousands of lines in a
     * storm, and time spent on the server's threads. Held here so the setting is not collected.
     */
    private static final Logger MOCK_LOG = quiet(Logger.getLogger(MockWebServer.class.getName()));

    private final Counting dispatcher = new Counting();
    private final KubernetesMockServer server =
            new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    private final KubernetesClient client;

    CountingApiServer() {
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        CRDS.forEach(this::installCrd);
    }

    /** What the agents are given as {@code quarkus.kubernetes-client.api-server-url}. */
    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The test's own client, for fixtures and checks; its requests are counted too. */
    KubernetesClient client() {
        return client;
    }

    /** Counts so far; subtract two of them to get one phase's. */
    Counts counts() {
        return new Counts(snapshot(dispatcher.requests), snapshot(dispatcher.conflicts));
    }

    /** The CRD from deploy/crds, as generated from the model: only then is {@code status} a subresource. */
    private void installCrd(String plural) {
        Path file = Repo.path("deploy/crds").resolve(plural + ".spiderpool.spidernet.io.yaml");
        try (InputStream in = Files.newInputStream(file)) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.WARNING);
        return logger;
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /** Request counts and 409 answers, both keyed {@code "VERB resource[/subresource]"}. */
    record Counts(Map<String, Long> requestsByKey, Map<String, Long> conflictsByKey) {
        long requests(String key) {
            return requestsByKey.getOrDefault(key, 0L);
        }

        long conflicts() {
            return conflictsByKey.values().stream().mapToLong(Long::longValue).sum();
        }

        long conflicts(String key) {
            return conflictsByKey.getOrDefault(key, 0L);
        }

        /** Writes of any kind: what an API server's write path (and etcd) pays for. */
        long writes() {
            return requestsByKey.entrySet().stream().filter(e -> isWrite(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        Counts since(Counts earlier) {
            return new Counts(minus(requestsByKey, earlier.requestsByKey), minus(conflictsByKey, earlier.conflictsByKey));
        }

        private static boolean isWrite(String key) {
            return key.startsWith("POST ") || key.startsWith("PUT ") || key.startsWith("PATCH ") || key.startsWith("DELETE ");
        }

        private static Map<String, Long> minus(Map<String, Long> now, Map<String, Long> then) {
            Map<String, Long> out = new TreeMap<>();
            now.forEach((k, v) -> {
                long d = v - then.getOrDefault(k, 0L);
                if (d != 0) {
                    out.put(k, d);
                }
            });
            return out;
        }
    }

    /** The CRUD dispatcher, counting every request and every 409 on its way out. */
    private static final class Counting extends KubernetesCrudDispatcher {
        final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
        final Map<String, LongAdder> conflicts = new ConcurrentHashMap<>();

        Counting() {
            super(List.of());
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            MockResponse response = super.dispatch(request);
            String key = key(request.getMethod(), request.getPath());
            requests.computeIfAbsent(key, k -> new LongAdder()).increment();
            if (response.code() == 409) {
                conflicts.computeIfAbsent(key, k -> new LongAdder()).increment();
            }
            return response;
        }
    }

    /**
     * {@code "PATCH spiderippools/status"}, {@code "LIST pods"}, {@code "WATCH pods"}: the resource
     * (and subresource) of a path under {@code /api/v1} or {@code /apis/<group>/<version>}, with or
     * without {@code namespaces/<ns>}; a GET without a name is a LIST, or a WATCH with {@code watch=true}.
     */
    static String key(String method, String path) {
        int q = path.indexOf('?');
        String query = q < 0 ? "" : path.substring(q + 1);
        String[] s = (q < 0 ? path : path.substring(0, q)).split("/");
        int i = s.length > 1 && s[1].equals("api") ? 3 : 4; // after "", "api", "v1" or "", "apis", group, version
        if (s.length > i + 2 && s[i].equals("namespaces")) {
            i += 2; // a namespaced resource; "namespaces/<name>" alone is the Namespace itself
        }
        if (s.length <= i) {
            return method + " " + String.join("/", s);
        }
        String resource = s[i];
        boolean named = s.length > i + 1;
        String sub = s.length > i + 2 ? "/" + s[i + 2] : "";
        String verb = method;
        if (method.equals("GET") && !named) {
            verb = query.contains("watch=true") || query.contains("watch=1") ? "WATCH" : "LIST";
        }
        return verb + " " + resource + sub;
    }
}
