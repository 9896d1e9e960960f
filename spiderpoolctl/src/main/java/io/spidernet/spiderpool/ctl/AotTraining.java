package io.spidernet.spiderpool.ctl;

import io.grpc.Server;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.SslContextBuilder;
import io.spidernet.spiderpool.api.controller.v1.AdminGrpc;
import io.spidernet.spiderpool.api.controller.v1.NodeUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.api.controller.v1.SubnetUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;

/**
 * The workloads the build records the JDK AOT caches with (src/package/build-ctl-tree.sh): the command
 * lines people run, through {@link Main#run} as the launcher runs them, so that the classes they load
 * are in the cache. Two caches, because the JVM loads every class of its cache at start-up: "local"
 * ({@code --version}, {@code --help}, {@code completion}) stays free of Netty, gRPC and Jackson, which
 * "remote" (every other command) holds. In "remote", {@code pools} and {@code subnets} go over TLS to
 * a throwaway admin server in this process, whose certificate the build made with keytool (an EC key
 * for the Service's name, as a controller's); an unreachable controller and API server cover the
 * error paths. Not one of the tool's commands.
 *
 * <p>Arguments: a scratch directory holding {@code server.p12} (password {@code training}) and
 * {@code ca.crt}, its certificate; and {@code local} or {@code remote}.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !Set.of("local", "remote").contains(args[1])) {
            throw new IllegalArgumentException("usage: AotTraining SCRATCH_DIR local|remote (SCRATCH_DIR holding server.p12 and ca.crt)");
        }
        run(Path.of(args[0]), args[1]);
        // grpc-netty's event loop threads are not daemons
        System.exit(0);
    }

    /** Runs one workload; throws if a command ends with another status than the one it must. */
    static void run(Path dir, String workload) throws Exception {
        if (workload.equals("local")) {
            local();
        } else {
            remote(dir);
        }
    }

    /** What answers without the network: the launcher runs these with the small cache. */
    private static void local() {
        expect(0, "--version");
        expect(0, "--help");
        expect(0, "completion", "bash");
        expect(0, "completion", "zsh");
        expect(0, "help");
    }

    private static void remote(Path dir) throws Exception {
        int closed = closedPort();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: training
                clusters:
                - name: training
                  cluster: {server: "https://127.0.0.1:%d"}
                contexts:
                - name: training
                  context: {cluster: training, user: training}
                users:
                - name: training
                  user: {token: training-token}
                """.formatted(closed));
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(keyManager(dir.resolve("server.p12")))).build())
                .addService(new TrainingAdmin()).build().start();
        try {
            String ca = dir.resolve("ca.crt").toString();
            List<String> reachable = List.of("--kubeconfig", kubeconfig.toString(), "--controller", "127.0.0.1:" + server.getPort(),
                    "--controller-ca", ca);
            List<String> unreachable = List.of("--kubeconfig", kubeconfig.toString(), "--controller", "127.0.0.1:" + closed,
                    "--controller-ca", ca);
            expect(ExitCode.USAGE.status(), "pools", "--no-such-option");
            expect(0, concat(List.of("pools"), reachable));
            expect(0, concat(List.of("pools", "-o", "json"), reachable));
            expect(0, concat(List.of("pools", "--per-node", "-o", "yaml"), reachable));
            expect(0, concat(List.of("subnets"), reachable));
            expect(ExitCode.UNREACHABLE.status(), concat(List.of("pools"), unreachable));
            // the API server: the controller's CA from its webhook configuration, and SpiderIPPools
            expect(ExitCode.UNREACHABLE.status(), "pools", "--kubeconfig", kubeconfig.toString());
            expect(ExitCode.UNREACHABLE.status(), "ips", "training-pool", "--kubeconfig", kubeconfig.toString());
        } finally {
            server.shutdownNow();
        }
    }

    private static void expect(int status, String... args) {
        expect(status, List.of(args));
    }

    /** Runs one command line; a different status means the workload no longer covers what it should. */
    private static void expect(int status, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int got = Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (got != status) {
            throw new IllegalStateException("AOT training: spiderpoolctl " + String.join(" ", args) + " exited " + got + ", expected "
                    + status + "; stdout: " + out.toString(StandardCharsets.UTF_8) + "; stderr: " + err.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static KeyManagerFactory keyManager(Path p12) throws Exception {
        char[] password = "training".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        return kmf;
    }

    /** Answers PoolUsage with one pool and one subnet; the other methods stay unimplemented. */
    private static final class TrainingAdmin extends AdminGrpc.AdminImplBase {
        @Override
        public void poolUsage(PoolUsageRequest request, StreamObserver<PoolUsageResponse> reply) {
            reply.onNext(PoolUsageResponse.newBuilder()
                    .addPools(PoolUsage.newBuilder().setName("training-pool").setIpVersion(4).setSubnet("10.0.0.0/24")
                            .setTotalIpCount("10").setAllocatedIpCount(1).setFreeIpCount("9")
                            .addNodes(NodeUsage.newBuilder().setNode("node-1").setAllocatedIpCount(1)))
                    .addSubnets(SubnetUsage.newBuilder().setName("training-subnet").setIpVersion(4).setSubnet("10.0.0.0/16")
                            .setTotalIpCount("65536").setAllocatedIpCount("10").setFreeIpCount("65526").setPoolCount(1))
                    .build());
            reply.onCompleted();
        }
    }
}
