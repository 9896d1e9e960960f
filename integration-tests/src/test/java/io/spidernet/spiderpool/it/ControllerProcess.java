package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The controller as a separate process, as one replica of its Deployment runs it. */
final class ControllerProcess implements AutoCloseable {
    /** The bearer token every controller sends: the identity {@link CountingApiServer} records its calls under. */
    static final String IDENTITY = "controller";
    /**
     * The token of a controller installed by the OLM bundle ({@link #launchAsPod}): its calls are judged
     * against the CSV's permissions in OLM's namespace, so RbacCompletenessE2ETest, which judges this JVM's
     * {@link #IDENTITY} calls against deploy/rbac in kube-system, must not count them.
     */
    static final String OLM_IDENTITY = "olm-controller";
    private final Process process;
    private final Path log;

    private ControllerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path controllerJar() {
        String jar = System.getProperty("spiderpool.controller.jar");
        return jar != null ? Path.of(jar) : Repo.path("spiderpool-controller/target/quarkus-app/quarkus-run.jar");
    }

    /** Starts a replica named {@code podName} against {@code apiUrl}; every port is a free one. */
    static ControllerProcess launch(String podName, String apiUrl, Map<String, String> extra) throws IOException {
        return launch(podName, apiUrl, extra, Map.of());
    }

    /** Likewise, with environment variables (upstream's SPIDERPOOL_GC_* are read from there). */
    static ControllerProcess launch(String podName, String apiUrl, Map<String, String> extra, Map<String, String> env)
            throws IOException {
        Path out = Files.createTempFile("controller-" + podName, ".log");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", "0");
        props.put("spiderpool.controller.webhook.port", "0");
        props.put("spiderpool.controller.admin.port", "0");
        props.put("spiderpool.controller.metrics.port", "0");
        props.put("spiderpool.controller.pod-name", podName);
        props.put("quarkus.kubernetes-client.api-server-url", apiUrl);
        props.put("quarkus.kubernetes-client.trust-certs", "true");
        props.put("quarkus.kubernetes-client.namespace", "kube-system");
        props.put("quarkus.kubernetes-client.token", IDENTITY);
        props.putAll(extra);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(AgentFleet.SMALL_NODE_JVM.split(" ")));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", controllerJar().toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        return new ControllerProcess(p, out);
    }

    /**
     * Starts the controller as a pod's container runs it: {@code env} alone as its environment (nothing
     * of this JVM's), {@code args} after the app, and of its own settings only what a pod gets from the
     * cluster rather than from its spec: the API server, its service account's token and namespace.
     */
    static ControllerProcess launchAsPod(String podName, String apiUrl, String namespace, List<String> args,
                                         Map<String, String> env) throws IOException {
        Path out = Files.createTempFile("controller-" + podName, ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(AgentFleet.SMALL_NODE_JVM.split(" ")));
        Map.of("quarkus.kubernetes-client.api-server-url", apiUrl, "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", namespace, "quarkus.kubernetes-client.token", OLM_IDENTITY)
                .forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", controllerJar().toString()));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return new ControllerProcess(builder.start(), out);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: the lease is not released, the follower must wait for it to expire. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        Processes.stop(process);
        Files.deleteIfExists(log);
    }
}
