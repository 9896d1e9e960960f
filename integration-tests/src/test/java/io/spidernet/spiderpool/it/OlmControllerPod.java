package io.spidernet.spiderpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The controller as OLM runs it, from the CSV's Deployment alone: its container's args, env (field
 * references filled as the kubelet would, OLM's {@code OPERATOR_CONDITION_NAME} when asked) and
 * ports; every absolute path of the env moved under a temporary root (the pod's file system), where
 * the webhook certificate OLM mounts is a test certificate for OLM's Service name.
 */
final class OlmControllerPod implements AutoCloseable {
    static final String POD_NAME = "spiderpool-controller-olm-0";
    /** OLM's Service for the webhook Deployment: {@code <deployment>-service}, and the name its certificate is for. */
    static final String SERVICE_DNS = OlmBundle.DEPLOYMENT + "-service." + OlmBundle.INSTALL_NAMESPACE + ".svc";
    private static final Pattern WEBHOOK_LOG = Pattern.compile("admission webhooks on https port (\\d+): \\[([^]]*)]");

    final JsonNode csv;
    final Map<String, Integer> ports;
    final ControllerProcess process;
    private final Path root;
    private final X509Certificate certificate;
    private final HttpClient https;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OlmControllerPod(JsonNode csv, Map<String, Integer> ports, ControllerProcess process, Path root, X509Certificate certificate)
            throws Exception {
        this.csv = csv;
        this.ports = ports;
        this.process = process;
        this.root = root;
        this.certificate = certificate;
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("olm", certificate);  // only OLM's certificate: a certificate of the controller's own is refused
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        // HTTP/1.1 as the API server calls webhooks; the connect timeout covers the TLS handshake, the first one is slow
        this.https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /**
     * The CSV's ports must be free here (the Deployment runs on the host network, as upstream's); when one
     * is taken this returns why, for the caller to skip with.
     */
    static Optional<String> portsTaken(JsonNode csv) {
        for (JsonNode p : OlmBundle.controllerContainer(csv).path("ports")) {
            try (ServerSocket s = new ServerSocket(p.path("containerPort").asInt(), 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return Optional.of("port " + p.path("containerPort").asInt() + " (" + p.path("name").asText()
                        + ") of the CSV's Deployment is taken on this machine: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Starts the CSV's controller container against {@code apiUrl}; {@code underOlm} sets what OLM injects. */
    static OlmControllerPod start(JsonNode csv, String apiUrl, boolean underOlm) throws Exception {
        JsonNode container = OlmBundle.controllerContainer(csv);
        Path root = Files.createTempDirectory("olm-pod");
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? remap(root, e.path("value").asText()) : fieldRef(e));
        }
        if (underOlm) {
            env.put("OPERATOR_CONDITION_NAME", csv.path("metadata").path("name").asText());
        }
        Files.createDirectories(root.resolve("etc/cni/net.d"));
        X509Certificate cert = issueCertificate(Path.of(env.get("SPIDERPOOL_CONTROLLER_WEBHOOK_CERT_FILE")),
                Path.of(env.get("SPIDERPOOL_CONTROLLER_WEBHOOK_KEY_FILE")));
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        ControllerProcess process = ControllerProcess.launchAsPod(POD_NAME, apiUrl, OlmBundle.INSTALL_NAMESPACE, args, env);
        return new OlmControllerPod(csv, ports, process, root, cert);
    }

    private static String remap(Path root, String value) {
        return value.startsWith("/") ? root.resolve(value.substring(1)).toString() : value;
    }

    private static String fieldRef(JsonNode env) {
        String field = env.path("valueFrom").path("fieldRef").path("fieldPath").asText();
        return switch (field) {
            case "metadata.namespace" -> OlmBundle.INSTALL_NAMESPACE;
            case "metadata.name" -> POD_NAME;
            default -> throw new AssertionError("env " + env.path("name").asText() + " refers to " + env.path("valueFrom")
                    + ", which this test does not fill; add it here");
        };
    }

    /**
     * What OLM mounts: a self-signed certificate for its Service name (and 127.0.0.1, which the test dials),
     * by the JDK's keytool, written as PEM to the two files.
     */
    private static X509Certificate issueCertificate(Path certFile, Path keyFile) throws Exception {
        Files.createDirectories(certFile.getParent());
        Path store = certFile.resolveSibling("olm.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "olm", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + SERVICE_DNS,
                "-ext", "SAN=dns:" + SERVICE_DNS + ",ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Files.delete(store);
        X509Certificate cert = (X509Certificate) ks.getCertificate("olm");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", ks.getKey("olm", "changeit".toCharArray()).getEncoded()));
        return cert;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The readiness probe of the CSV answers 200. */
    boolean ready() {
        JsonNode probe = OlmBundle.controllerContainer(csv).path("readinessProbe").path("httpGet");
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probe.path("port").asInt()
                    + probe.path("path").asText())).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls until {@code done} or {@code timeout}; fails with the controller's log. */
    void await(String what, Duration timeout, java.util.function.BooleanSupplier done) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > end) {
                throw new AssertionError("waiting for " + what + (process.isAlive() ? " timed out" : ": the controller exited")
                        + "; its log:\n" + process.log());
            }
            Thread.sleep(200);
        }
    }

    /** The port and paths the controller's start-up log names for its webhooks (its own path table). */
    Optional<Map.Entry<Integer, Set<String>>> servedWebhooks() throws IOException {
        Matcher m = WEBHOOK_LOG.matcher(process.log());
        if (!m.find()) {
            return Optional.empty();
        }
        Set<String> paths = new TreeSet<>(List.of(m.group(2).split(",\\s*")));
        return Optional.of(Map.entry(Integer.parseInt(m.group(1)), paths));
    }

    /** POSTs an AdmissionReview to {@code path} on the webhook port over TLS, trusting OLM's certificate only. */
    HttpResponse<String> review(String path, String uid) throws Exception {
        String body = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s","operation":"CONNECT",\
                "kind":{"group":"spiderpool.spidernet.io","version":"v2beta1","kind":"SpiderIPPool"},\
                "resource":{"group":"spiderpool.spidernet.io","version":"v2beta1","resource":"spiderippools"},\
                "name":"olm-probe","userInfo":{"username":"system:apiserver"}}}""".formatted(uid);
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ports.get("webhook") + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    X509Certificate certificate() {
        return certificate;
    }

    @Override
    public void close() throws IOException {
        try {
            process.close();
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
