package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole command lines through {@link Main#run}: the exit code and what is printed, against a
 * stand-in API server (the JDK's HTTP server) answering as kube-apiserver does, and closed ports.
 */
class MainTest {
    @TempDir
    Path dir;
    private HttpServer api;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, String> authorization = new ConcurrentHashMap<>();

    private record Answer(int status, String body) {
    }

    private record Result(int status, String out, String err) {
    }

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            authorization.put(ex.getRequestURI().getPath(), String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            Answer a = answers.getOrDefault(ex.getRequestURI().getPath(), new Answer(404,
                    "{\"kind\":\"Status\",\"message\":\"the server could not find the requested resource\"}"));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
    }

    private Path kubeconfig(String server, String user) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: test
                clusters:
                - name: c
                  cluster:
                    server: %s
                contexts:
                - name: test
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user: %s
                """.formatted(server, user));
        return file;
    }

    private Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result run(String... args) {
        return run(Map.of("HOME", dir.toString()), args);
    }

    private String apiUrl() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    @Test
    void ipsReadsThePoolAsTheKubeconfigUserAndPrintsItsLedgerInAddressOrder() throws IOException {
        answers.put("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/v4", new Answer(200, """
                {"metadata":{"name":"v4"},"status":{"allocatedIPs":"{\\"10.0.0.10\\":{\\"pod\\":\\"apps/b\\",\\"podUid\\":\\"u2\\"},\
                \\"10.0.0.9\\":{\\"pod\\":\\"apps/a\\",\\"podUid\\":\\"u1\\"}}"}}"""));
        Result r = run("ips", "v4", "--kubeconfig", kubeconfig(apiUrl(), "{token: t0k}").toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("""
                POOL  IP         POD     POD-UID
                v4    10.0.0.9   apps/a  u1
                v4    10.0.0.10  apps/b  u2
                """);
        assertThat(authorization).containsEntry("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/v4", "Bearer t0k");
    }

    @Test
    void spiderpoolctlTokenReplacesTheKubeconfigUsersCredentials() throws IOException {
        answers.put("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/v4", new Answer(200, "{\"metadata\":{\"name\":\"v4\"}}"));
        Path config = kubeconfig(apiUrl(), "{client-certificate-data: AAAA, client-key-data: AAAA}");
        Result r = run(Map.of("HOME", dir.toString(), "SPIDERPOOLCTL_TOKEN", "from-env\n"), "ips", "v4", "--kubeconfig", config.toString(),
                "-o", "json");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("[ ]\n");
        assertThat(authorization).containsEntry("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/v4", "Bearer from-env");
    }

    @Test
    void anUnknownObjectIsExitThree() throws IOException {
        Result r = run("endpoint", "apps/nope", "--kubeconfig", kubeconfig(apiUrl(), "{token: t}").toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("spiderpoolctl: SpiderEndpoint apps/nope (the pod has no address from Spiderpool, or no such pod)"
                + " not found");
    }

    @Test
    void anRbacRefusalIsExitFourWithTheApiServersWords() throws IOException {
        answers.put("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/v4", new Answer(403, """
                {"kind":"Status","reason":"Forbidden","message":"spiderippools.spiderpool.spidernet.io \\"v4\\" is forbidden: \
                User \\"bob\\" cannot get resource \\"spiderippools\\" in API group \\"spiderpool.spidernet.io\\" at the cluster scope"}"""));
        Result r = run("ips", "v4", "--kubeconfig", kubeconfig(apiUrl(), "{token: t}").toString());
        assertThat(r.status()).isEqualTo(4);
        assertThat(r.err()).contains("User \"bob\" cannot get resource \"spiderippools\" in API group \"spiderpool.spidernet.io\"",
                "ask for that permission");
        answers.put("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/v4", new Answer(401, "{\"message\":\"Unauthorized\"}"));
        assertThat(run("ips", "v4", "--kubeconfig", kubeconfig(apiUrl(), "{token: t}").toString()).status()).isEqualTo(4);
    }

    @Test
    void anExecPluginUserIsToldHowToGetAToken() throws IOException {
        Result r = run("pools", "--kubeconfig", kubeconfig(apiUrl(), "{exec: {command: aws}}").toString());
        assertThat(r.status()).isEqualTo(4);
        assertThat(r.err()).contains("kubeconfig user u has an exec plugin", "token or a client certificate", "kubectl create token",
                "SPIDERPOOLCTL_TOKEN");
    }

    @Test
    void unreachableServersAreExitFiveAndSayWhereToLook() throws IOException {
        int closed = closedPort();
        Result api = run("pools", "--kubeconfig", kubeconfig("http://127.0.0.1:" + closed, "{token: t}").toString());
        assertThat(api.status()).isEqualTo(5);
        assertThat(api.err()).contains("cannot reach the API server http://127.0.0.1:" + closed + " (kubeconfig context test)");

        Path ca = Path.of("src/test/resources/test-ca.pem").toAbsolutePath();
        Result controller = run("pools", "--kubeconfig", kubeconfig(apiUrl(), "{token: t}").toString(),
                "--controller", "127.0.0.1:" + closed, "--controller-ca", ca.toString(), "--timeout", "10s");
        assertThat(controller.status()).isEqualTo(5);
        assertThat(controller.err()).contains("cannot reach the controller's admin API at 127.0.0.1:" + closed,
                "kubectl -n kube-system port-forward deploy/spiderpool-controller 5723");

        Result agent = run("health", "--agent-socket", dir.resolve("agent.sock").toString());
        assertThat(agent.status()).isEqualTo(5);
        assertThat(agent.err()).contains("no agent socket at " + dir.resolve("agent.sock.d/grpc.sock"));
    }

    @Test
    void withoutSpiderpoolInstalledTheDefaultCaIsMissingAndSaysSo() throws IOException {
        Result r = run("pools", "--kubeconfig", kubeconfig(apiUrl(), "{token: t}").toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains("MutatingWebhookConfiguration spiderpool-controller (is Spiderpool installed? else give --controller-ca)");
    }

    @Test
    void usageErrorsAndHelp() {
        assertThat(run("pools", "--bogus").status()).isEqualTo(2);
        assertThat(run().status()).isEqualTo(2);
        Result help = run("--help");
        assertThat(help.status()).isZero();
        for (ExitCode e : ExitCode.values()) {
            assertThat(help.out()).contains("  " + e.status() + "  " + e.meaning());
        }
        assertThat(run("--version").out()).startsWith("spiderpoolctl ");
        Result missing = run("pools", "--kubeconfig", dir.resolve("absent").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the kubeconfig " + dir.resolve("absent"), "--kubeconfig or KUBECONFIG");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
