package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A native image answers a reflective lookup only for what was registered when it was built, so
 * the CNI binary's native-image configuration must register what its paths reflect on, and no
 * more. GraalVM's tracing agent would record that, but GraalVM cannot be had here, so:
 * <ol>
 * <li>our own code on the binary's path (every io.spidernet class reachable from {@link CniMain})
 *     has no reflective call site at all: anything reflective comes from a library;
 * <li>the build's AOT training workload ({@link AotTrainingRun}, for the IPAM binary and for the
 *     coordinator and ifacer) runs under {@link ReflectionRecorder}, which records every
 *     reflective lookup application and library code makes; the configuration's
 *     {@code reflection} section must be exactly what was recorded.
 * </ol>
 * The workload leaves out what needs a network namespace (CHECK's inspection, the coordinator's
 * ADD), which runs netlink and FFM code only, and (1) shows that code has no reflection.
 */
class NativeReflectionConfigTest {
    static final Path CONFIG = Path.of("../src-native-config/spiderpool-cni/reachability-metadata.json");

    /** A reflection entry of the configuration, in the form the comparison uses. */
    record Registration(TreeSet<String> methods, TreeSet<String> fields, TreeSet<String> flags) {
        Registration() {
            this(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        }
    }

    @Test
    void ourCodeOnTheBinarysPathHasNoReflectiveCallSite() throws IOException {
        Map<String, List<String>> sites = new TreeMap<>();
        Set<String> reached = reachableOwnClasses(CniMain.class.getName());
        for (String name : reached) {
            List<String> found = ReflectionRecorder.reflectiveCallSites(classBytes(name));
            if (!found.isEmpty()) {
                sites.put(name, found);
            }
        }
        assertThat(reached).as("classes reached from CniMain").contains(
                "io/spidernet/spiderpool/cni/IpamPlugin", "io/spidernet/spiderpool/cni/CoordinatorPlugin",
                "io/spidernet/spiderpool/netlink/Libc", "io/spidernet/spiderpool/cni/WireReader");
        assertThat(sites).as("reflective call sites in our code on the CNI path: register what they look up in "
                + CONFIG + " and teach this test about them").isEmpty();
        System.out.printf("native reflection: %d of our classes reachable from CniMain, no reflective call site%n", reached.size());
    }

    @Test
    void theScanFindsReflectiveCallSites() throws IOException {
        assertThat(ReflectionRecorder.reflectiveCallSites(classBytes("io/spidernet/spiderpool/cni/ReflectionRecorder")))
                .anyMatch(site -> site.contains("java/lang/Class.forName(Ljava/lang/String;)"))
                .anyMatch(site -> site.contains("java/lang/Class.getDeclaredFields()"));
    }

    @Test
    void theConfigurationRegistersExactlyWhatTheCniPathsReflectOn(@TempDir Path work) throws Exception {
        Path agent = agentJar(work);
        Path records = work.resolve("reflection.tsv");
        run(agent, records, work, List.of());
        run(agent, records, work, List.of(AotTrainingRun.NODE_PLUGINS));

        List<String> lines = Files.readAllLines(records);
        assertThat(lines).as("the recorder rewrote no class it should have, or met a reflective API it has no wrapper for")
                .noneMatch(line -> line.startsWith("unhandled\t") || line.startsWith("failed\t"));
        Map<String, Registration> recorded = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            Registration r = recorded.computeIfAbsent(f[1], t -> new Registration());
            switch (f[0]) {
                case "type" -> { }
                case "method" -> r.methods().add(f[2] + "(" + f[3] + ")");
                case "field" -> r.fields().add(f[2]);
                case "resource" -> throw new AssertionError("a resource lookup (" + line + "): register it under resources and extend this test");
                default -> r.flags().add(f[0]);
            }
        }
        Map<String, Registration> configured = configured(new ObjectMapper().readTree(Files.readString(CONFIG)));
        assertThat(configured).as("reflection section of %s against what the CNI paths looked up (%d lookups recorded)",
                CONFIG, lines.size()).isEqualTo(recorded);
        System.out.printf("native reflection: %d lookups recorded on the CNI paths, %d types, all configured%n",
                lines.size(), recorded.size());
    }

    static Map<String, Registration> configured(JsonNode config) {
        Map<String, Registration> configured = new TreeMap<>();
        for (JsonNode entry : config.path("reflection")) {
            Registration r = new Registration();
            entry.path("methods").forEach(m -> {
                List<String> parameters = new ArrayList<>();
                m.path("parameterTypes").forEach(p -> parameters.add(p.asText()));
                r.methods().add(m.path("name").asText() + "(" + String.join(",", parameters) + ")");
            });
            entry.path("fields").forEach(f -> r.fields().add(f.path("name").asText()));
            entry.properties().forEach(p -> {
                if (p.getValue().isBoolean() && p.getValue().asBoolean()) {
                    r.flags().add(p.getKey());
                }
            });
            Registration before = configured.put(entry.path("type").asText(), r);
            assertThat(before).as("a second reflection entry for %s", entry.path("type")).isNull();
        }
        return configured;
    }

    /** The training workload as the build runs it, with the launcher's access options, under the recorder. */
    private static void run(Path agent, Path records, Path work, List<String> extra) throws Exception {
        Path scratch = Files.createTempDirectory(work, "scratch");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-javaagent:" + agent + "=" + records,
                "-cp", System.getProperty("java.class.path"),
                AotTrainingRun.class.getName(), scratch.toString()));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        builder.environment().put("CNI_COMMAND", "VERSION");
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("{\"cniVersion\":\"1.0.0\",\"name\":\"native-config\",\"type\":\"macvlan\",\"ipam\":{\"type\":\"spiderpool\"}}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("training run ends").isTrue();
        assertThat(process.exitValue()).as("training run %s: %s", extra, new String(output, StandardCharsets.UTF_8)).isZero();
    }

    /** The recorder as a -javaagent jar, made from this module's compiled test classes. */
    private static Path agentJar(Path work) throws IOException {
        Path jar = work.resolve("reflection-recorder.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ReflectionRecorder.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            String prefix = ReflectionRecorder.class.getName().replace('.', '/');
            Path classes = Path.of(ReflectionRecorder.class.getProtectionDomain().getCodeSource().getLocation().getPath());
            try (var walk = Files.walk(classes.resolve(prefix).getParent())) {
                for (Path file : walk.filter(f -> {
                    String name = classes.relativize(f).toString();
                    return name.equals(prefix + ".class") || name.startsWith(prefix + "$");
                }).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    /** io.spidernet classes named in the constant pools reachable from {@code root}, as internal names. */
    private static Set<String> reachableOwnClasses(String root) throws IOException {
        Set<String> seen = new TreeSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(root.replace('.', '/')));
        while (!queue.isEmpty()) {
            String name = queue.pop();
            if (!seen.add(name)) {
                continue;
            }
            for (PoolEntry entry : ClassFile.of().parse(classBytes(name)).constantPool()) {
                if (entry instanceof ClassEntry c && !c.asInternalName().startsWith("[")
                        && c.asInternalName().startsWith("io/spidernet/") && !seen.contains(c.asInternalName())) {
                    queue.add(c.asInternalName());
                }
            }
        }
        return seen;
    }

    private static byte[] classBytes(String internalName) throws IOException {
        try (InputStream in = NativeReflectionConfigTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException(internalName + ".class is not on the class path");
            }
            return in.readAllBytes();
        }
    }
}
