package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.coordinator.CoordinatorDefaults;
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
            String method = firstString(readDelimited(in));
            // Allocate, Check and Release requests: container_id = 1, if_name = 2
            String[] ids = containerAndInterface(readDelimited(in));
            String containerId = ids[0];
            String ifName = ids[1];
            switch (method) {
                case AgentClient.ALLOCATE -> {
                    if (containerId.equals(EXHAUSTED)) {
                        fail(out, AgentReply.Failure.IP_USED_OUT, "pool default-v4-ippool has no free address");
                    } else {
                        succeed(out, new AgentReply.Allocation(record(ifName),
                                List.of(new AgentReply.Route(ifName, "10.251.0.0/16", "10.250.0.1")),
                                new AgentReply.Dns(List.of("10.250.0.53"), "cluster.local",
                                        List.of("default.svc.cluster.local"), List.of())).encode());
                    }
                }
                case AgentClient.CHECK -> {
                    if (containerId.equals(UNRECORDED)) {
                        fail(out, AgentReply.Failure.NOT_FOUND, "nothing recorded for container " + UNRECORDED);
                    } else {
                        succeed(out, new AgentReply.Allocation(record(ifName), List.of(), null).encode());
                    }
                }
                case AgentClient.RELEASE -> {
                    if (containerId.equals(UNRECORDED)) {
                        fail(out, AgentReply.Failure.NOT_FOUND, "nothing recorded for container " + UNRECORDED);
                    } else {
                        succeed(out, new AgentReply.Released(List.of("default-v4-ippool/10.250.0.10")).encode());
                    }
                }
                case AgentClient.HEALTHY -> succeed(out, new AgentReply.Health(true, "local").encode());
                case AgentClient.COORDINATOR_CONFIG -> succeed(out, AgentCoordinatorConfig.encode(new CoordinatorDefaults(
                        "auto", List.of(), List.of("10.96.0.0/12"), true, List.of("169.254.0.0/16"), List.of(), "", "",
                        500, 0, 0, "", 1500)));
                case AgentClient.GARBAGE_COLLECT ->
                        succeed(out, new AgentReply.Released(List.of("default-v4-ippool/10.250.0.11")).encode());
                default -> fail(out, AgentReply.Failure.UNKNOWN_METHOD, method);
            }
        }

        private static List<AgentReply.Ip> record(String ifName) {
            return List.of(
                    new AgentReply.Ip(4, "10.250.0.10/24", ifName, "default-v4-ippool", "10.250.0.1", 0, "", false, false),
                    new AgentReply.Ip(6, "fd00:250::10/64", ifName, "default-v6-ippool", "fd00:250::1", 0, "", false, false));
        }

        /** One length-prefixed message of at most 64 KiB (the training's own requests are far smaller). */
        private static WireReader readDelimited(InputStream in) throws IOException {
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.read();
                if (b < 0 || shift > 14) {
                    throw new IOException("not a length-prefixed message");
                }
                length |= (b & 0x7F) << shift;
                if (b < 0x80) {
                    break;
                }
            }
            return new WireReader(in.readNBytes(length));
        }

        /** The RequestHeader's method (field 1). */
        private static String firstString(WireReader header) throws IOException {
            return containerAndInterface(header)[0];
        }

        /** Fields 1 and 2 when they are strings, "" otherwise. */
        private static String[] containerAndInterface(WireReader message) throws IOException {
            String[] values = {"", ""};
            try {
                for (int f = message.next(); f != 0; f = message.next()) {
                    if ((f == 1 || f == 2) && message.is(WireReader.LENGTH_DELIMITED)) {
                        values[f - 1] = message.string();
                    } else if (f != 1 && f != 2) {
                        message.skip();
                    }
                }
            } catch (WireReader.MalformedWireException e) {
                throw new IOException(e.getMessage(), e);
            }
            return values;
        }

        private static void succeed(OutputStream out, WireWriter response) throws IOException {
            out.write(new WireWriter().delimited());
            out.write(response.delimited());
        }

        private static void fail(OutputStream out, int kind, String message) throws IOException {
            out.write(new AgentReply.Failure(kind, message).header().delimited());
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
