package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered container run as a process, the way the kubelet would run it on a node, with what a
 * test machine cannot give it moved aside: every volume mount is a directory under {@code root}
 * (ConfigMap volumes hold their keys as files, hostPath volumes start empty), every path in an
 * environment value or argument that lies under a mount points into that directory, every
 * {@code containerPort} (and an environment value naming it) becomes a free port, and the fieldRefs
 * are the pod's. The image's entrypoint is the app's jar ({@code java -jar}, as the images run it);
 * the API server connection is what the pod's ServiceAccount would give, as system properties.
 *
 * <p>A path in the environment or arguments that lies under no mount is refused: the container
 * would not have it.
 */
final class PodLaunch implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final Map<Integer, Integer> ports;
    private final Container container;
    private final Map<String, Path> mounts;
    private final long started = System.nanoTime();

    private PodLaunch(Process process, Path log, Map<Integer, Integer> ports, Container container, Map<String, Path> mounts) {
        this.process = process;
        this.log = log;
        this.ports = ports;
        this.container = container;
        this.mounts = mounts;
    }

    /** The pod's identity as its fieldRefs read it. */
    record Pod(String name, String namespace, String nodeName) {}

    /**
     * Starts {@code container} of {@code spec} as {@code pod}, its jar {@code jar}, talking to
     * {@code apiUrl} with bearer token {@code identity}; {@code configMaps} are the rendered ones its
     * volumes name.
     */
    static PodLaunch start(Container container, PodSpec spec, List<ConfigMap> configMaps, Pod pod, Path jar, Path root,
                           String apiUrl, String identity) throws IOException {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount m : container.getVolumeMounts()) {
            Path dir = root.resolve(m.getMountPath().substring(1));
            Files.createDirectories(dir);
            Volume v = spec.getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("mount " + m.getName() + " names no volume of the pod"));
            if (v.getConfigMap() != null) {
                ConfigMap cm = configMaps.stream().filter(c -> c.getMetadata().getName().equals(v.getConfigMap().getName())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("volume " + v.getName() + " names ConfigMap "
                                + v.getConfigMap().getName() + ", which the chart does not render"));
                for (Map.Entry<String, String> e : cm.getData().entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), e.getValue());
                }
            } else if (v.getHostPath() == null) {
                throw new IllegalStateException("volume " + v.getName() + ": only ConfigMap and hostPath volumes are launched here");
            }
            mounts.put(m.getMountPath(), dir);
        }
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (ContainerPort p : container.getPorts()) {
            ports.put(p.getContainerPort(), freePort());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : container.getEnv()) {
            env.put(e.getName(), e.getValueFrom() != null ? fieldRef(e, pod) : remap(e.getValue(), mounts, ports, e.getName()));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(AgentFleet.SMALL_NODE_JVM.split(" ")));
        // what a pod's ServiceAccount gives the client (in-cluster config), pointed at the test API server
        cmd.add("-Dquarkus.kubernetes-client.api-server-url=" + apiUrl);
        cmd.add("-Dquarkus.kubernetes-client.trust-certs=true");
        cmd.add("-Dquarkus.kubernetes-client.namespace=" + pod.namespace());
        cmd.add("-Dquarkus.kubernetes-client.token=" + identity);
        if (jar.equals(AgentProcess.agentJar())) {
            // the chart's conf.yml says tuneSysctlConfig: true; an agent under test must not tune this machine
            cmd.add("-Dspiderpool.agent.sysctl-dir=" + root.resolve("no-sysctl"));
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        for (String a : container.getArgs()) {
            int eq = a.indexOf('=');
            cmd.add(a.startsWith("--") && eq > 0 ? a.substring(0, eq + 1) + remap(a.substring(eq + 1), mounts, ports, a) : remap(a, mounts, ports, a));
        }
        Path out = root.resolve(container.getName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        return new PodLaunch(builder.start(), out, ports, container, mounts);
    }

    /** The local port standing for {@code containerPort}. */
    int port(int containerPort) {
        Integer p = ports.get(containerPort);
        if (p == null) {
            throw new IllegalArgumentException("port " + containerPort + " is not a containerPort of " + container.getName());
        }
        return p;
    }

    /** Where the container's {@code path} is here. */
    Path path(String path) {
        return Path.of(remap(path, mounts, Map.of(), path));
    }

    /** Polls the container's own readinessProbe until it answers 200; returns the time from process start to then. */
    Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
        HTTPGetAction probe = container.getReadinessProbe().getHttpGet();
        URI uri = URI.create("http://" + probe.getHost() + ":" + port(probe.getPort().getIntVal()) + probe.getPath());
        long t0 = System.nanoTime();
        long end = t0 + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException(container.getName() + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException(container.getName() + " not ready at " + uri + " after " + timeout + ":\n" + log());
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private static String fieldRef(EnvVar e, Pod pod) {
        String field = e.getValueFrom().getFieldRef() == null ? "" : e.getValueFrom().getFieldRef().getFieldPath();
        return switch (field) {
            case "metadata.name" -> pod.name();
            case "metadata.namespace" -> pod.namespace();
            case "spec.nodeName" -> pod.nodeName();
            default -> throw new IllegalStateException("env " + e.getName() + ": valueFrom " + e.getValueFrom() + " is not launched here");
        };
    }

    /** {@code value} with a path under a mount moved into its directory and a containerPort made the local one. */
    private static String remap(String value, Map<String, Path> mounts, Map<Integer, Integer> ports, String what) {
        if (value == null) {
            return "";
        }
        if (value.startsWith("/")) {
            return mounts.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(String::length).reversed()))
                    .filter(m -> value.equals(m.getKey()) || value.startsWith(m.getKey() + "/")).findFirst()
                    .map(m -> m.getValue().resolve(value.substring(m.getKey().length()).replaceFirst("^/", "")).toString())
                    .orElseThrow(() -> new IllegalStateException(what + ": path " + value + " lies under no volume mount of the container"));
        }
        if (value.matches("\\d{2,5}") && ports.containsKey(Integer.parseInt(value))) {
            return String.valueOf(ports.get(Integer.parseInt(value)));
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
    }

    static void uncheckedDelete(Path root) {
        try {
            HelmChart.deleteTree(root);
        } catch (UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }
}
