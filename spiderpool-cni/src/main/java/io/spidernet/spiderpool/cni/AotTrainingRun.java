package io.spidernet.spiderpool.cni;

import com.google.protobuf.MessageLite;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Dns;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.ReplyHeader;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import io.spidernet.spiderpool.api.agent.v1.Route;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The build's AOT training workload; never used at run time. The spiderpool-cni build runs it
 * once with the packaged runtime, JVM options and jars ({@code src/package/build-cni-tree.sh},
 * {@code -XX:AOTMode=record}); the classes it loads and links become the binary's AOT cache,
 * and with JDK 25 every cached class is loaded at start-up, so it walks the paths a real
 * invocation takes and little else.
 *
 * <p>It makes whole invocations in-process through {@link CniMain#run}, the entry the process
 * uses:
 * <ul>
 * <li>for every personality {@link Personalities} registers, by its name: VERSION in every
 *     supported version and an ADD the environment check refuses (the path every plugin shares:
 *     dispatch, environment, stdin, reply); an invocation by a name none answers to. A
 *     personality's own verbs are trained below, in cases of its own;
 * <li>the spiderpool (IPAM) personality in depth:
 * <li>ADD and DEL against {@link TrainingAgent}, an in-process agent on a unix socket in the
 *     scratch directory given as the first argument, for 0.3.1, 0.4.0, 1.0.0 and 1.1.0, plus the
 *     agent's refusals (no free address, nothing recorded), an idempotent DEL, and 1.1.0's STATUS
 *     and GC (and STATUS refused for 1.0.0, and without an agent);
 * <li>CHECK up to the point where it would enter the container's network namespace: the agent's
 *     record against prevResult, and the refusals. The namespace inspection itself is left out on
 *     purpose: its FFM downcalls bring about 400 classes into the cache, and JDK 25 loads every
 *     cached class at start-up, so every VERSION, ADD and DEL would pay for them (measured: about
 *     6 ms each) to save CHECK about 70 ms, a verb runtimes call rarely if at all;
 * <li>the error paths: not JSON, unsupported cniVersion, missing CNI_* variables, a mistyped
 *     field, an agent socket that does not exist.
 * </ul>
 * Then it ends as a real exec does, by calling {@link CniMain#main} with the process's
 * environment and stdin (the build passes {@code CNI_COMMAND=VERSION} and a configuration), which
 * also halts the JVM.
 *
 * <p>Each case states whether it must succeed (only DEL without an agent is left to the plugin);
 * one that does not behave so fails the build, since a cache trained on a broken path would
 * silently train the wrong code.
 *
 * <p>It ships in the program's jar because the cache records the training run's class path and
 * the run that uses it may only add to it: with this class in a jar appended after the shipped
 * ones, creating the cache from the shipped jars alone fails ("app classpath has fewer elements
 * than expected"), and a cache created with the extra jar works without it only because JDK
 * 25.0.3 does not check the class path of a production run (JDK-8377932). Loading it as a
 * {@code -javaagent} keeps it out of the recorded path, but every run would then need the
 * java.instrument module and {@code --add-modules java.instrument} as well.
 */
public final class AotTrainingRun {
    /** A socket path that cannot exist: the parent directory does not. */
    private static final String MISSING_AGENT_SOCKET = "/nonexistent/spiderpool-aot-training/spiderpool.sock";

    private static final String CONTAINER = "aot-training-0123456789abcdef";
    /** Container IDs for which {@link TrainingAgent} refuses. */
    private static final String EXHAUSTED = "aot-training-exhausted";
    private static final String UNRECORDED = "aot-training-unrecorded";

    private int invocations;

    private AotTrainingRun() {}

    /** The second argument that trains the coordinator's and ifacer's cache instead of the IPAM binary's. */
    static final String NODE_PLUGINS = "node-plugins";

    /**
     * {@code args[0]}: a scratch directory for the training agent's socket; {@code args[1]}, when
     * {@value #NODE_PLUGINS}: train the cache the launcher uses for coordinator and ifacer.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals(NODE_PLUGINS))) {
            throw new IllegalArgumentException("usage: AotTrainingRun SCRATCH_DIR [" + NODE_PLUGINS + "]");
        }
        if (args.length == 2) {
            trainNodePlugins(Path.of(args[0]));
            return;
        }
        AotTrainingRun training = new AotTrainingRun();
        for (Personalities.Personality personality : Personalities.registered()) {
            training.commonPath(personality.name());
        }
        training.expectNamed("an unknown name", "aot-training-unknown", false, Map.of("CNI_COMMAND", "VERSION"), "");
        try (TrainingAgent agent = new TrainingAgent(socketIn(Path.of(args[0])))) {
            training.callsAgainst(agent.socket());
        }
        training.errorPaths();
        training.callsWithoutAnAgent();
        System.err.println("aot training: " + training.invocations + " in-process invocations done;"
                + " now the process's own VERSION request through CniMain.main");
        CniMain.main(new String[0]);
    }

    /**
     * coordinator and ifacer: their common path, a coordinator ADD its netconf disables (the whole
     * plugin path without the kernel), then {@link NodePluginTraining}; it ends as a real exec of
     * {@code coordinator} does.
     */
    private static void trainNodePlugins(Path scratch) throws IOException {
        AotTrainingRun training = new AotTrainingRun();
        training.commonPath(Personalities.COORDINATOR);
        training.commonPath(Personalities.IFACER);
        String prevResult = "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.10/24\"}]}";
        String coordinator = "{\"cniVersion\":\"1.0.0\",\"name\":\"aot\",\"type\":\"coordinator\",";
        training.expectNamed("ADD, disabled in the netconf", Personalities.COORDINATOR, true,
                podEnv("ADD", CONTAINER, "eth0", "/var/run/netns/aot-training"),
                coordinator + "\"mode\":\"disabled\"," + prevResult + "}");
        // a namespace that does not exist: ADD stops where it would enter it, after the agent's
        // answer, the merge and the first FFM calls; DEL then finds no pod IPs and no host veth
        // named veth + "aot-trainin" (it looks the name up in the build's namespace and finds none)
        String absent = "/var/run/netns/aot-training-absent";
        try (TrainingAgent agent = new TrainingAgent(socketIn(scratch))) {
            String withAgent = coordinator + "\"ipam_unix_socket_path\":\"" + agent.socket() + "\"," + prevResult + "}";
            training.expectNamed("ADD, netns gone", Personalities.COORDINATOR, false, podEnv("ADD", CONTAINER, "eth0", absent),
                    withAgent);
            training.expectNamed("DEL, netns gone", Personalities.COORDINATOR, true, podEnv("DEL", CONTAINER, "eth0", absent),
                    withAgent);
        }
        System.err.println("aot training: " + training.invocations + " in-process invocations; " + NodePluginTraining.run()
                + "; now the process's own VERSION request as coordinator");
        System.setProperty(CniMain.ARGV0_PROPERTY, Personalities.COORDINATOR);
        CniMain.main(new String[0]);
    }

    /**
     * What every personality does whatever its verbs: answer VERSION, and refuse an ADD whose
     * environment lacks CNI_NETNS before it touches anything (so no plugin's side effects run at build time).
     */
    private void commonPath(String name) {
        for (String version : CniVersion.supported()) {
            expectNamed("VERSION " + version, name, true, Map.of("CNI_COMMAND", "VERSION"), netconf(version, ""));
        }
        expectNamed("VERSION without input", name, true, Map.of("CNI_COMMAND", "VERSION"), "");
        Map<String, String> noNetns = new HashMap<>(podEnv("ADD", CONTAINER, "eth0", "/var/run/netns/aot-training"));
        noNetns.remove("CNI_NETNS");
        expectNamed("ADD without CNI_NETNS", name, false, noNetns, netconf("1.0.0", ""));
    }

    private void expectNamed(String what, String name, boolean success, Map<String, String> env, String stdin) {
        int status = run(name + ": " + what, name, env, stdin);
        if ((status == 0) != success) {
            throw new IllegalStateException("AOT training case \"" + name + ": " + what + "\" should "
                    + (success ? "succeed" : "fail") + " but exited " + status);
        }
    }

    private void callsAgainst(Path socket) {
        String ipam = "\"ipam_unix_socket_path\":\"" + socket + "\"";
        String netns = "/var/run/netns/aot-training";
        for (String version : List.of("0.3.1", "0.4.0", "1.0.0", "1.1.0")) {
            expect(true, "ADD " + version, podEnv("ADD", CONTAINER, "eth0", netns), netconf(version, ipam));
            expect(true, "DEL " + version, podEnv("DEL", CONTAINER, "eth0", netns), netconf(version, ipam));
        }
        for (String version : List.of("0.4.0", "1.0.0")) {
            // the agent records 10.250.0.10/24: a prevResult without it fails before the netns is entered
            expect(false, "CHECK " + version + ", prevResult differs from the record", podEnv("CHECK", CONTAINER, "eth0", netns),
                    withPrevResult(netconf(version, ipam), version, "eth0", "10.250.0.99/24"));
        }
        expect(false, "CHECK 0.3.1 (not defined)", podEnv("CHECK", CONTAINER, "eth0", netns),
                withPrevResult(netconf("0.3.1", ipam), "0.3.1", "eth0", "10.250.0.10/24"));
        expect(false, "CHECK, agent has no record", podEnv("CHECK", UNRECORDED, "eth0", netns),
                withPrevResult(netconf("1.0.0", ipam), "1.0.0", "eth0", "10.250.0.10/24"));
        expect(false, "ADD, agent has no free address", podEnv("ADD", EXHAUSTED, "eth0", netns), netconf("1.0.0", ipam));
        expect(true, "DEL, agent has no record", podEnv("DEL", UNRECORDED, "eth0", netns), netconf("0.4.0", ipam));
        Map<String, String> runtimeOnly = Map.of("CNI_PATH", "/opt/cni/bin");
        expect(true, "STATUS 1.1.0", with(runtimeOnly, "STATUS"), netconf("1.1.0", ipam));
        String gcConf = netconf("1.1.0", ipam);
        expect(true, "GC 1.1.0", with(runtimeOnly, "GC"), gcConf.substring(0, gcConf.length() - 1)
                + ",\"cni.dev/valid-attachments\":[{\"containerID\":\"" + CONTAINER + "\",\"ifname\":\"eth0\"}]}");
        expect(false, "STATUS 1.0.0 (not defined)", with(runtimeOnly, "STATUS"), netconf("1.0.0", ipam));
    }

    private static Map<String, String> with(Map<String, String> env, String command) {
        Map<String, String> out = new HashMap<>(env);
        out.put("CNI_COMMAND", command);
        return out;
    }

    private void errorPaths() {
        Map<String, String> add = podEnv("ADD", CONTAINER, "eth0", "/var/run/netns/aot-training");
        expect(false, "ADD, not JSON", add, "{\"cniVersion\":\"1.0.0\",\"name\":");
        expect(false, "ADD, not an object", add, "[\"cniVersion\"]");
        expect(false, "ADD, unsupported cniVersion", add, netconf("9.9.9", ""));
        expect(false, "ADD, no cniVersion", add, "{\"name\":\"net\",\"type\":\"macvlan\",\"ipam\":{\"type\":\"spiderpool\"}}");
        expect(false, "ADD, mistyped ipam field", add, netconf("1.0.0", "\"clean_gateway\":\"yes\""));
        expect(false, "no CNI_COMMAND", Map.of(), netconf("1.0.0", ""));
        expect(false, "unknown CNI_COMMAND", Map.of("CNI_COMMAND", "BOGUS"), netconf("1.0.0", ""));
        Map<String, String> noContainer = new HashMap<>(add);
        noContainer.remove("CNI_CONTAINERID");
        expect(false, "ADD without CNI_CONTAINERID", noContainer, netconf("1.0.0", ""));
        Map<String, String> noNetns = new HashMap<>(add);
        noNetns.remove("CNI_NETNS");
        expect(false, "ADD without CNI_NETNS", noNetns, netconf("0.3.1", ""));
    }

    /** The agent is not running: ADD and CHECK must fail; DEL's outcome is the plugin's choice. */
    private void callsWithoutAnAgent() {
        String socket = "\"ipam_unix_socket_path\":\"" + MISSING_AGENT_SOCKET + "\"";
        for (String version : List.of("0.3.1", "1.0.0")) {
            String netns = "/var/run/netns/aot-training";
            expect(false, "ADD " + version + ", agent socket missing", podEnv("ADD", CONTAINER, "eth0", netns),
                    netconf(version, socket));
            run("DEL " + version + ", agent socket missing", podEnv("DEL", CONTAINER, "eth0", netns), netconf(version, socket));
        }
        expect(false, "STATUS 1.1.0, agent socket missing", Map.of("CNI_COMMAND", "STATUS"), netconf("1.1.0", socket));
        expect(false, "CHECK 1.0.0, agent socket missing", podEnv("CHECK", CONTAINER, "eth0", "/var/run/netns/aot-training"),
                withPrevResult(netconf("1.0.0", socket), "1.0.0", "eth0", "10.250.0.10/24"));
    }

    /** A case of the spiderpool (IPAM) personality. */
    private void expect(boolean success, String what, Map<String, String> env, String stdin) {
        expectNamed(what, Personalities.SPIDERPOOL, success, env, stdin);
    }

    private int run(String what, Map<String, String> env, String stdin) {
        return run(what, Personalities.SPIDERPOOL, env, stdin);
    }

    private int run(String what, String invokedAs, Map<String, String> env, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CniMain.run("/opt/cni/bin/" + invokedAs, new String[0], env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out);
        invocations++;
        String reply = out.toString(StandardCharsets.UTF_8).strip();
        // a successful DEL or CHECK prints nothing; everything else prints one JSON object
        if (!reply.startsWith("{") && !(status == 0 && reply.isEmpty())) {
            throw new IllegalStateException("AOT training case \"" + what + "\" printed no JSON object: " + reply);
        }
        System.err.println("aot training: " + what + " -> exit " + status);
        return status;
    }

    private static Map<String, String> podEnv(String command, String containerId, String ifName, String netns) {
        return Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", containerId, "CNI_NETNS", netns,
                "CNI_IFNAME", ifName, "CNI_PATH", "/opt/cni/bin",
                "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=aot-training-0;"
                        + "K8S_POD_UID=5b1b1b4e-0000-4000-8000-000000000000;K8S_POD_INFRA_CONTAINER_ID=" + containerId);
    }

    /** A macvlan network configuration with spiderpool as IPAM; extraIpam is inserted into the ipam block. */
    private static String netconf(String version, String extraIpam) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"aot-training\",\"type\":\"macvlan\",\"master\":\"eth0\","
                + "\"mode\":\"bridge\",\"ipam\":{\"type\":\"spiderpool\",\"default_ipv4_ippool\":[\"default-v4-ippool\"],"
                + "\"default_ipv6_ippool\":[\"default-v6-ippool\"]" + (extraIpam.isEmpty() ? "" : "," + extraIpam) + "}}";
    }

    /** The configuration with the prevResult a runtime passes to CHECK, in the given version's shape. */
    private static String withPrevResult(String netconf, String version, String ifName, String address) {
        String ipVersion = version.equals("1.0.0") ? "" : "\"version\":\"4\",";
        String prev = ",\"prevResult\":{\"cniVersion\":\"" + version + "\",\"interfaces\":[{\"name\":\"" + ifName + "\","
                + "\"mac\":\"02:42:c0:a8:01:0a\",\"sandbox\":\"/var/run/netns/aot-training\"}],\"ips\":[{" + ipVersion
                + "\"address\":\"" + address + "\",\"interface\":0}],\"dns\":{}}";
        return netconf.substring(0, netconf.length() - 1) + prev + "}";
    }

    /** The socket path in {@code dir}, or in /tmp when that would pass the 107 bytes a unix socket path may have. */
    private static Path socketIn(Path dir) {
        Path socket = dir.toAbsolutePath().resolve("agent.sock");
        return socket.toString().length() < 100 ? socket
                : Path.of("/tmp", "spiderpool-aot-training-" + Integer.toHexString(dir.toAbsolutePath().hashCode()) + ".sock");
    }

    /**
     * Just enough of spiderpool-agent's CNI socket for the verbs to succeed: one call per
     * connection, framed as ipam.proto says. Allocate answers a dual-stack address with gateway,
     * routes and DNS for the requested interface; Check answers the same record; Release answers
     * one released address. Container IDs
     * {@link #EXHAUSTED} and {@link #UNRECORDED} get the agent's failures instead.
     */
    private static final class TrainingAgent implements AutoCloseable {
        private final Path socket;
        private final ServerSocketChannel server;

        TrainingAgent(Path socket) throws IOException {
            this.socket = socket;
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(null, this::serve, "aot-training-agent", 0);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        Path socket() {
            return socket;
        }

        private void serve() {
            while (server.isOpen()) {
                try (SocketChannel channel = server.accept()) {
                    answer(Channels.newInputStream(channel), Channels.newOutputStream(channel));
                } catch (IOException e) {
                    // closed at the end of the training, or a client that gave up: nothing to do
                }
            }
        }

        private static void answer(InputStream in, OutputStream out) throws IOException {
            String method = RequestHeader.parseDelimitedFrom(in).getMethod();
            switch (method) {
                case AgentClient.ALLOCATE -> {
                    AllocateRequest request = AllocateRequest.parseDelimitedFrom(in);
                    if (request.getContainerId().equals(EXHAUSTED)) {
                        fail(out, Failure.Kind.IP_USED_OUT, "pool default-v4-ippool has no free address");
                    } else {
                        succeed(out, AllocateResponse.newBuilder().addAllIps(record(request.getIfName()))
                                .addRoutes(Route.newBuilder().setIfName(request.getIfName()).setDst("10.251.0.0/16")
                                        .setGw("10.250.0.1"))
                                .setDns(Dns.newBuilder().addNameservers("10.250.0.53").setDomain("cluster.local")
                                        .addSearch("default.svc.cluster.local"))
                                .build());
                    }
                }
                case AgentClient.CHECK -> {
                    CheckRequest request = CheckRequest.parseDelimitedFrom(in);
                    if (request.getContainerId().equals(UNRECORDED)) {
                        fail(out, Failure.Kind.NOT_FOUND, "nothing recorded for container " + UNRECORDED);
                    } else {
                        succeed(out, CheckResponse.newBuilder().addAllIps(record(request.getIfName())).build());
                    }
                }
                case AgentClient.RELEASE -> {
                    ReleaseRequest request = ReleaseRequest.parseDelimitedFrom(in);
                    if (request.getContainerId().equals(UNRECORDED)) {
                        fail(out, Failure.Kind.NOT_FOUND, "nothing recorded for container " + UNRECORDED);
                    } else {
                        succeed(out, ReleaseResponse.newBuilder().addReleased("default-v4-ippool/10.250.0.10").build());
                    }
                }
                case AgentClient.HEALTHY -> {
                    HealthyRequest.parseDelimitedFrom(in);
                    succeed(out, HealthyResponse.newBuilder().setServing(true).setStore("local").build());
                }
                case AgentClient.COORDINATOR_CONFIG -> {
                    GetCoordinatorConfigRequest.parseDelimitedFrom(in);
                    succeed(out, CoordinatorConfig.newBuilder().setMode("auto").setTunePodRoutes(true)
                            .addServiceCidr("10.96.0.0/12").addHijackCidr("169.254.0.0/16").setHostRuleTable(500)
                            .setVethMtu(1500).build());
                }
                case AgentClient.GARBAGE_COLLECT -> {
                    GarbageCollectRequest.parseDelimitedFrom(in);
                    succeed(out, GarbageCollectResponse.newBuilder().addReleased("default-v4-ippool/10.250.0.11").build());
                }
                default -> fail(out, Failure.Kind.UNKNOWN_METHOD, method);
            }
        }

        private static List<IpConfig> record(String ifName) {
            return List.of(
                    IpConfig.newBuilder().setVersion(4).setAddress("10.250.0.10/24").setGateway("10.250.0.1")
                            .setNic(ifName).setIpPool("default-v4-ippool").build(),
                    IpConfig.newBuilder().setVersion(6).setAddress("fd00:250::10/64").setGateway("fd00:250::1")
                            .setNic(ifName).setIpPool("default-v6-ippool").build());
        }

        private static void succeed(OutputStream out, MessageLite response) throws IOException {
            ReplyHeader.getDefaultInstance().writeDelimitedTo(out);
            response.writeDelimitedTo(out);
        }

        private static void fail(OutputStream out, Failure.Kind kind, String message) throws IOException {
            ReplyHeader.newBuilder().setFailure(Failure.newBuilder().setKind(kind).setMessage(message)).build()
                    .writeDelimitedTo(out);
        }

        @Override
        public void close() {
            try {
                server.close();
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
