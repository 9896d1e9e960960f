package io.spidernet.spiderpool.agent.cluster;

import static io.spidernet.spiderpool.agent.cluster.MockCluster.add;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.del;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.spidernet.spiderpool.agent.socket.FramedClient;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.operator.AgentDaemonSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

/**
 * Builds what the agent image runs the agent with (spiderpool-agent/pom.xml runs it at {@code package},
 * after Quarkus' {@code aot-jar}; skip with {@code -Dagent.aot.skip=true}):
 * <ol>
 * <li>{@code target/agent-runtime/}: a jlinked JDK of the modules below, with its default CDS archive, made anew;
 * <li>{@code target/quarkus-app/agent.aot}: a JDK AOT cache (JEP 483/514/515) trained by one real start of
 *     the agent with that runtime, the production JVM options ({@link AgentDaemonSet#JVM_OPTIONS}) and
 *     {@code -jar quarkus-run.jar}: on the cluster store against fabric8's CRUD mock holding pools with
 *     allocations, pods and SpiderEndpoints, it lists them, serves CNI ADDs and DELs on its socket, and
 *     stops as the kubelet stops it (SIGTERM), when the JVM writes the cache.
 * </ol>
 * A cache is only used by the JVM that made it (same runtime, options and jars), which is why the
 * runtime ships with it, as the CNI plugins' does (spiderpool-cni/src/package/build-cni-tree.sh). Then
 * the cache is checked: a second start with {@code -XX:AOTMode=on} must serve, so a cache the JVM
 * would reject fails the build instead of silently slowing every node. Every step is bounded in time
 * and fails the build with the agent's log.
 *
 * <p>Arguments: the Quarkus app directory ({@code target/quarkus-app}), the runtime directory to make,
 * and a scratch directory. It lives in the test sources, though it is a build step and no test, because
 * it needs what only they have: fabric8's mock API server, {@link MockCluster} and the CNI socket's
 * test client; nothing of it ships.
 */
public final class AgentAotCache {
    /**
     * The agent's modules. jdeps cannot tell them (Quarkus' jars are automatic modules with unresolved
     * requirements), so they are listed: the Java SE platform, sun.misc.Unsafe (Netty, Vert.x),
     * com.sun.management (Micrometer's JVM metrics), extended socket options and zipfs (Netty, Quarkus).
     * A missing one fails the training start below with NoClassDefFoundError.
     */
    static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.management", "jdk.net", "jdk.zipfs",
            "jdk.naming.dns", "jdk.crypto.ec");
    static final String CACHE = "agent.aot";
    private static final long START_SECONDS = 120;
    private static final int PODS = 40;
    private static final int PODS_ALLOCATED_BEFORE = 30;

    private AgentAotCache() {}

    /** Exits with 0 when the runtime and a checked cache are made, else 1: the mock's threads would keep the JVM, and the build, waiting. */
    public static void main(String[] args) {
        try {
            build(args);
        } catch (Throwable t) {
            System.err.println("[agent-aot] ERROR: the agent's runtime and AOT cache could not be made (skip with -Dagent.aot.skip=true)");
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void build(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: AgentAotCache QUARKUS_APP_DIR RUNTIME_DIR WORK_DIR");
        }
        Path app = Path.of(args[0]).toAbsolutePath();
        Path runtime = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: this runs after Quarkus packages the agent (phase package)");
        }
        long t0 = System.nanoTime();
        jlink(runtime);
        long linked = System.nanoTime();
        Files.createDirectories(work);
        Path cache = app.resolve(CACHE);
        Files.deleteIfExists(cache);
        Path java = runtime.resolve("bin/java");
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            List<Pod> pods = populate(client);
            train(java, jar, cache, client.getMasterUrl().toString(), work.resolve("training"), pods);
            if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
                throw new IllegalStateException("the training start wrote no " + cache + "; its log: "
                        + work.resolve("training/agent.log"));
            }
            check(java, jar, cache, client.getMasterUrl().toString(), work.resolve("check"));
        } finally {
            server.destroy();
        }
        System.out.printf("[agent-aot] %s (%d MiB, jlink %d ms) and %s (%d MiB), trained in %d ms%n", runtime,
                size(runtime) >> 20, TimeUnit.NANOSECONDS.toMillis(linked - t0), cache, Files.size(cache) >> 20,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - linked));
    }

    /** The runtime, made anew each time (10 to 20 s): one left from another JDK or module list would not match the cache. */
    private static void jlink(Path runtime) throws IOException {
        deleteTree(runtime);
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "no jlink in " + System.getProperty("java.home") + ": build with a full JDK 25"));
        int rc = jlink.run(System.out, System.err, "--add-modules", String.join(",", MODULES), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--generate-cds-archive", "--output", runtime.toString());
        if (rc != 0) {
            throw new IllegalStateException("jlink failed (" + rc + ") making " + runtime);
        }
    }

    /**
     * Pools with allocations, pods of the agent's node (from controllers, so owner lookups run) and their
     * SpiderEndpoints, made by this process's own cluster service: the agent's start then lists every
     * kind it caches, with content.
     */
    private static List<Pod> populate(KubernetesClient client) {
        MockCluster cluster = new MockCluster(client);
        cluster.pool("train-v4", "10.250.0.0/16", "10.250.0.1-10.250.0.250");
        cluster.pool("train-v6", "fd00:250::/64", "fd00:250::1-fd00:250::fa");
        cluster.statefulSet("train-sts", 4);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            pods.add(switch (i % 4) {
                case 0 -> cluster.deploymentPod("train-deploy", "train-deploy-" + i, Map.of());
                case 1 -> cluster.cronJobPod("train-cron-" + i, "train-cron-" + i);
                case 2 -> cluster.statefulSetPod("train-sts", i, Map.of());
                default -> cluster.pod("train-bare-" + i, null, Map.of());
            });
        }
        try (ClusterNodeService service = cluster.open(SpiderpoolConf.defaults())) {
            for (Pod pod : pods.subList(0, PODS_ALLOCATED_BEFORE)) {
                service.allocate(add(pod, "eth0", "train-v4"));
            }
        }
        return pods;
    }

    /** One start that writes the cache when it stops; fails when a CNI call it makes fails. */
    private static void train(Path java, Path jar, Path cache, String apiUrl, Path dir, List<Pod> pods) throws Exception {
        Process agent = start(java, jar, List.of("-XX:AOTCacheOutput=" + cache), apiUrl, dir);
        try {
            Path socket = awaitReady(agent, dir);
            for (Pod pod : pods.subList(PODS_ALLOCATED_BEFORE, PODS)) {
                expectOk(FramedClient.call(socket, "spiderpool.agent.v1.Ipam/Allocate", add(pod, "eth0", "train-v4"),
                        AllocateResponse.parser()), "ADD " + pod.getMetadata().getName(), dir);
            }
            for (Pod pod : pods.subList(0, 4)) {
                expectOk(FramedClient.call(socket, "spiderpool.agent.v1.Ipam/Release", del(pod, "eth0"),
                        ReleaseResponse.parser()), "DEL " + pod.getMetadata().getName(), dir);
            }
            // a refusal too: the path of an ADD the pools cannot serve
            FramedClient.call(socket, "spiderpool.agent.v1.Ipam/Allocate", add(pods.get(0), "net1", "no-such-pool"),
                    AllocateResponse.parser());
            awaitLog(agent, dir, "SpiderEndpoints listed: ");
        } finally {
            agent.destroy(); // SIGTERM: the JVM writes the cache on its way out
            if (!agent.waitFor(START_SECONDS, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
                throw new IllegalStateException("the training agent did not stop within " + START_SECONDS + " s; log "
                        + dir.resolve("agent.log"));
            }
        }
    }

    /** A start that must use the cache ({@code -XX:AOTMode=on} makes the JVM fail otherwise) and serve. */
    private static void check(Path java, Path jar, Path cache, String apiUrl, Path dir) throws Exception {
        Process agent = start(java, jar, List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache), apiUrl, dir);
        try {
            awaitReady(agent, dir);
        } finally {
            agent.destroy();
            agent.waitFor(START_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static Process start(Path java, Path jar, List<String> aot, String apiUrl, Path dir) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(aot);
        Map<String, String> props = Map.of("spiderpool.agent.store", "kubernetes", "spiderpool.agent.node-name", MockCluster.NODE,
                "spiderpool.agent.socket-path", dir.resolve("agent.sock").toString(),
                "spiderpool.agent.sysctl-dir", dir.resolve("no-sysctl").toString(),
                // the mock selects on metadata fields only
                "spiderpool.agent.kubernetes.pods-of-this-node-only", "false",
                "quarkus.kubernetes-client.api-server-url", apiUrl, "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.management.port", "0", "spiderpool.agent.metrics.port", "0");
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).directory(dir.toFile());
        // the options production gives through the launcher's variable, exactly
        pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH"));
        pb.environment().put(AgentDaemonSet.JVM_OPTIONS_ENV, AgentDaemonSet.JVM_OPTIONS);
        return pb.start();
    }

    private static Path awaitReady(Process agent, Path dir) throws Exception {
        Path socket = dir.resolve("agent.sock");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < end) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent exited with " + agent.exitValue() + ":\n" + log(dir));
            }
            if (Files.exists(socket)) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    return socket;
                } catch (IOException notYet) {
                    // listening starts right after the file appears
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the agent did not serve within " + START_SECONDS + " s:\n" + log(dir));
    }

    private static void awaitLog(Process agent, Path dir, String marker) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!log(dir).contains(marker)) {
            if (!agent.isAlive() || System.nanoTime() > end) {
                throw new IllegalStateException("the agent never logged '" + marker + "':\n" + log(dir));
            }
            Thread.sleep(100);
        }
    }

    private static void expectOk(FramedClient.Reply<?> reply, String call, Path dir) throws IOException {
        if (!reply.ok()) {
            throw new IllegalStateException("training call " + call + " failed: " + reply.failure() + "\n" + log(dir));
        }
    }

    private static String log(Path dir) throws IOException {
        Path log = dir.resolve("agent.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
