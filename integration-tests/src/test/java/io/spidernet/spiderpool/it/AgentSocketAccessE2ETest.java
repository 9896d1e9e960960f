package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.IpamGrpc;
import io.spidernet.spiderpool.api.agent.v1.ReplyHeader;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's acceptance tests for the agent's node API: it is reachable only through root-only unix
 * sockets. An unprivileged process cannot connect to either socket, and no TCP port of the agent
 * answers a node-API method, in gRPC or in the CNI socket's framing.
 */
class AgentSocketAccessE2ETest {
    private static final String HEALTHY = "spiderpool.agent.v1.Ipam/Healthy";
    private static Path dir;
    private static AgentProcess agent;

    @BeforeAll
    static void startAgent() throws IOException {
        dir = Files.createTempDirectory("spiderpool-access");
        // everybody may traverse the test's directories: only the agent's own modes may keep a caller out
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pools = Files.createDirectories(dir.resolve("pools"));
        Files.writeString(pools.resolve("pools.yaml"), NodeFixture.POOLS);
        agent = AgentProcess.start(pools, dir.resolve("state.json"), dir.resolve("run/spiderpool.sock"), Map.of());
        // the CNI socket is served before Quarkus opens its own listeners: wait until Quarkus says it started
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!agent.log().contains("Listening on") && System.nanoTime() < end) {
            sleep(50); // each look reads the whole log: spinning would take the cores the agent needs to start
        }
        assertThat(agent.log()).as("agent log").contains("Listening on");
    }

    @AfterAll
    static void stopAgent() throws IOException {
        if (agent != null) {
            agent.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the agent", e);
        }
    }

    private static Path grpcSocket() {
        return dir.resolve("run/spiderpool.sock.d/grpc.sock");
    }

    @Test
    void anUnprivilegedProcessCannotConnectToEitherSocket() throws Exception {
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
            String reason = "not root: cannot start a probe as nobody (setpriv needs root)";
            System.out.println("SKIP anUnprivilegedProcessCannotConnectToEitherSocket: " + reason);
            Assumptions.abort(reason);
        }
        assertThat(grpcSocket()).as("the gRPC socket exists").exists();
        Path probeDir = Files.createDirectories(dir.resolve("probe"));
        Path probe = Files.writeString(probeDir.resolve("Probe.java"), PROBE);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> cmd = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", probe.toString(),
                agent.socket().toString(), grpcSocket().toString());
        Process p = new ProcessBuilder(cmd).directory(probeDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("probe as nobody:\n" + out);

        assertThat(out).as("probe output").contains("EACCES " + agent.socket(), "EACCES " + grpcSocket())
                .doesNotContain("CONNECTED");
    }

    @Test
    void noTcpPortOfTheAgentAnswersANodeApiMethod() throws Exception {
        List<ListeningSockets.Listener> ports = ListeningSockets.of(agent.pid());
        System.out.println("agent TCP listeners: " + ports);
        assertThat(ports).as("the management port (health, metrics) at least").isNotEmpty();
        for (ListeningSockets.Listener port : ports) {
            // every listener of this test's agent is on the wildcard or loopback address: loopback reaches each
            InetSocketAddress local = new InetSocketAddress("127.0.0.1", port.port());
            assertThat(grpcAnswers(local)).as("gRPC node API on " + port).isEmpty();
            assertThat(framedAnswers(local)).as("framed node API on " + port).isFalse();
        }
    }

    /** What a node-API gRPC call got from the port, if it was a node-API answer. */
    private static Optional<String> grpcAnswers(InetSocketAddress port) throws InterruptedException {
        ManagedChannel ch = NettyChannelBuilder.forAddress(port).usePlaintext().build();
        try {
            IpamGrpc.IpamBlockingStub ipam = IpamGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
            try {
                return Optional.of("Healthy answered " + ipam.healthy(HealthyRequest.getDefaultInstance()));
            } catch (StatusRuntimeException refused) {
                System.out.println(port + " gRPC Healthy: " + refused.getStatus());
            }
            try {
                return Optional.of("Check answered " + ipam.check(CheckRequest.newBuilder().setContainerId("probe").setIfName("eth0").build()));
            } catch (StatusRuntimeException e) {
                // the node API answers a failure with its Failure in this trailer; anything else is not the node API
                boolean ours = e.getTrailers() != null && e.getTrailers().keys().contains("spiderpool-failure-bin");
                return ours ? Optional.of("Check answered with a node-API failure: " + e.getStatus()) : Optional.empty();
            }
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Whether the port answers the CNI socket's framing with a Healthy reply. */
    private static boolean framedAnswers(InetSocketAddress port) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        RequestHeader.newBuilder().setMethod(HEALTHY).build().writeDelimitedTo(frame);
        HealthyRequest.getDefaultInstance().writeDelimitedTo(frame);
        try (Socket s = new Socket()) {
            s.connect(port, 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(frame.toByteArray());
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ReplyHeader header = ReplyHeader.parseDelimitedFrom(in);
            if (header == null || !header.getUnknownFields().asMap().isEmpty()) {
                return false;
            }
            HealthyResponse r = header.hasFailure() ? null : HealthyResponse.parseDelimitedFrom(in);
            return header.hasFailure() ? header.getFailure().getMessage().contains("spiderpool") : r != null && r.getServing();
        } catch (IOException notOurs) {
            System.out.println(port + " framed Healthy: " + notOurs);
            return false;
        }
    }

    /** The TCP sockets a process listens on: its socket fds matched to the kernel's LISTEN entries. */
    static final class ListeningSockets {
        private ListeningSockets() {}

        /** A LISTEN entry: its table (tcp or tcp6), the kernel's hex address, the port. */
        record Listener(String table, String address, int port) {}

        static List<Listener> of(long pid) throws IOException {
            Set<String> inodes = new HashSet<>();
            try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException closedMeanwhile) {
                        // an fd closed while listing
                    }
                }
            }
            List<Listener> out = new ArrayList<>();
            for (String table : List.of("tcp", "tcp6")) {
                List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    if ("0A".equals(f[3]) && inodes.contains(f[9])) {
                        String[] local = f[1].split(":");
                        out.add(new Listener(table, local[0], Integer.parseInt(local[1], 16)));
                    }
                }
            }
            return out;
        }
    }

    /** Run as nobody: tries to connect to each socket path given and says how it went. */
    private static final String PROBE = """
            import java.net.StandardProtocolFamily;
            import java.net.UnixDomainSocketAddress;
            import java.nio.channels.SocketChannel;

            public class Probe {
                public static void main(String[] paths) {
                    for (String p : paths) {
                        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                            ch.connect(UnixDomainSocketAddress.of(p));
                            System.out.println("CONNECTED " + p);
                        } catch (java.io.IOException e) {
                            String m = String.valueOf(e.getMessage());
                            System.out.println((m.contains("Permission denied") ? "EACCES " : "OTHER ") + p + " " + e);
                        }
                    }
                }
            }
            """;
}
