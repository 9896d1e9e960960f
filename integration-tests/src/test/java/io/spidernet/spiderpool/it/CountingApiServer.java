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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * server-side apply is 415; it answers one request at a time (one Vert.x event loop), so its busy
 * time bounds how fast any agent can be.
 *
 * <p>One gap is filled: the mock treats a field selector on {@code spec.nodeName} as an attribute no
 * object has, so an agent's per-node pod informer would stay empty and every ADD would fall back to a
 * GET of its pod, which a real API server spares it. Pods therefore carry their node as the label
 * {@link #NODE_LABEL} (set by the fixture), and such a field selector is served as that label selector.
 *
 * <p>It also records each request as RBAC sees it ({@link ApiCall}) under the bearer token that sent it
 * ({@link AgentProcess}: {@code agent}, {@link ControllerProcess}: {@code controller}), for the RBAC test,
 * and answers TokenReviews and SubjectAccessReviews for the callers a test registers ({@link ReviewAnswers}).
 */
final class CountingApiServer implements AutoCloseable {
    private static final List<String> CRDS = List.of("spiderippools", "spiderendpoints", "spiderreservedips",
            "spidersubnets", "spidermultusconfigs", "spidercoordinators");

    /**
     * The mock logs every request at INFO through java.util.logging: tens of thousands of lines in a
     * storm, and time spent on the server's threads. Held here so the setting is not collected.
     */
    private static final Logger MOCK_LOG = quiet(Logger.getLogger(MockWebServer.class.getName()));

    /** The label under which the fixture repeats a pod's {@code spec.nodeName}; see the class comment. */
    static final String NODE_LABEL = "storm.spidernet.io/node-name";
    private static final String NODE_FIELD = "spec.nodeName=";

    private final ApiCallLog calls = new ApiCallLog();
    private final ReviewAnswers reviews = new ReviewAnswers();
    private final Counting dispatcher = new Counting(calls, reviews);
    private final KubernetesMockServer server =
            new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    private final KubernetesClient client;

    CountingApiServer() {
        this(CRDS.stream().map(plural -> Repo.path("deploy/crds").resolve(plural + ".spiderpool.spidernet.io.yaml")).toList());
    }

    /** With the CRDs of {@code crdFiles} installed instead (the OLM tests install the bundle's). */
    CountingApiServer(List<Path> crdFiles) {
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        crdFiles.forEach(this::installCrd);
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
        return new Counts(snapshot(dispatcher.requests), snapshot(dispatcher.conflicts), snapshot(dispatcher.nanos),
                dispatcher.cpuNanos.sum());
    }

    /** The distinct calls each identity (bearer token) made to this server, for the RBAC check. */
    ApiCallLog calls() {
        return calls;
    }

    /** Who the TokenReviews and SubjectAccessReviews posted here authenticate and allow. */
    ReviewAnswers reviews() {
        return reviews;
    }

    /** The CRD from deploy/crds, as generated from the model: only then is {@code status} a subresource. */
    private void installCrd(Path file) {
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

    /**
     * Request counts, 409 answers and the server's time spent answering, all keyed
     * {@code "VERB resource[/subresource]"}, and the CPU time the server's thread used for them. The
     * time tells whether the mock itself was the bottleneck; the CPU time, how much of that was its
     * own work rather than waiting for a core the agents were using.
     */
    record Counts(Map<String, Long> requestsByKey, Map<String, Long> conflictsByKey, Map<String, Long> nanosByKey,
                  long cpuNanos) {
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

        /** Time the server spent answering, summed over requests (they may overlap). */
        Duration serverTime() {
            return Duration.ofNanos(nanosByKey.values().stream().mapToLong(Long::longValue).sum());
        }

        Counts since(Counts earlier) {
            return new Counts(minus(requestsByKey, earlier.requestsByKey), minus(conflictsByKey, earlier.conflictsByKey),
                    minus(nanosByKey, earlier.nanosByKey), cpuNanos - earlier.cpuNanos);
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
        final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
        final LongAdder cpuNanos = new LongAdder();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final ApiCallLog calls;
        private final ReviewAnswers reviews;

        Counting(ApiCallLog calls, ReviewAnswers reviews) {
            super(List.of());
            this.calls = calls;
            this.reviews = reviews;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            long t0 = System.nanoTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            MockResponse response = reviews.answer(request).orElseGet(() -> super.dispatch(withNodeSelectorAsLabel(request)));
            cpuNanos.add(threads.getCurrentThreadCpuTime() - cpu0);
            long took = System.nanoTime() - t0;
            String key = key(request.getMethod(), request.getPath());
            requests.computeIfAbsent(key, k -> new LongAdder()).increment();
            nanos.computeIfAbsent(key, k -> new LongAdder()).add(took);
            if (response.code() == 409) {
                conflicts.computeIfAbsent(key, k -> new LongAdder()).increment();
            }
            String identity = ApiCallLog.identity(request.getHeader("Authorization"));
            if (identity != null) {
                ApiCall call = ApiCall.of(request.getMethod(), request.getPath());
                calls.record(identity, call);
                ApiCallLog.PROCESS.record(identity, call);
            }
            return response;
        }
    }

    /** A pod list or watch by {@code spec.nodeName} as the same selection by {@link #NODE_LABEL}; other requests as they are. */
    static RecordedRequest withNodeSelectorAsLabel(RecordedRequest request) {
        String path = request.getPath();
        int q = path.indexOf('?');
        if (q < 0 || !path.substring(0, q).endsWith("/pods") || !path.contains("fieldSelector=")) {
            return request;
        }
        List<String> params = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String param : path.substring(q + 1).split("&")) {
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.equals("fieldSelector")) {
                List<String> fields = new ArrayList<>();
                for (String req : value.split(",")) {
                    if (req.startsWith(NODE_FIELD)) {
                        labels.add(NODE_LABEL + "=" + req.substring(NODE_FIELD.length()));
                    } else {
                        fields.add(req);
                    }
                }
                value = String.join(",", fields);
            } else if (name.equals("labelSelector")) {
                labels.add(value);
                continue;
            }
            if (!value.isEmpty() || eq < 0) {
                params.add(eq < 0 ? name : name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        if (!labels.isEmpty()) {
            params.add("labelSelector=" + URLEncoder.encode(String.join(",", labels), StandardCharsets.UTF_8));
        }
        String rewritten = path.substring(0, q) + "?" + String.join("&", params);
        return new RecordedRequest(request.getHttpVersion(), request.method(), rewritten, request.getHeaders(), request.getBody());
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
