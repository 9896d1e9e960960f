package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.operator.AgentDaemonSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Containerfiles under deploy/images, held to the paths the chart, the operator and the installer
 * agree on (issue 14's shared contract): base image, where each piece lands, the entrypoints, and
 * that every COPY source is a build output that exists once the build has run. No container engine
 * or registry is reachable here, so the images are not built; instead the agent image's COPY lines
 * are laid out into a directory and its init command runs there, against a CNI bin dir.
 */
class ContainerImagesTest {
    private static final String BASE = "eclipse-temurin:25-jre";

    @TempDir
    Path temp;

    @Test
    void theAgentImageHoldsTheAppTheCniTreeAndTheInstallerWhereTheContractSays() throws Exception {
        Containerfile agent = Containerfile.read(Repo.path("deploy/images/agent.Containerfile"));

        assertThat(agent.from()).isEqualTo(BASE);
        assertThat(agent.copies()).containsExactly(
                new Copy("spiderpool-agent/target/quarkus-app/", "/opt/spiderpool/agent/"),
                new Copy("spiderpool-agent/target/agent-runtime/", "/opt/spiderpool/agent-runtime/"),
                new Copy("spiderpool-cni/target/cni/bin/", "/opt/spiderpool/cni/"),
                new Copy("spiderpool-cni/target/cni/install-cni", "/usr/local/bin/install-cni"));
        // the runtime and the AOT cache it trained (spiderpool-agent's AgentAotCache), as scripts/bench-agent runs them
        assertThat(agent.entrypoint()).containsExactly("/opt/spiderpool/agent-runtime/bin/java",
                "-XX:AOTCache=/opt/spiderpool/agent/agent.aot", "-jar", "/opt/spiderpool/agent/quarkus-run.jar");
        // a pod run from the image without the DaemonSets' env gets the same JVM as one they start
        assertThat(agent.instructions()).contains("ENV " + AgentDaemonSet.JVM_OPTIONS_ENV + "=\"" + AgentDaemonSet.JVM_OPTIONS + "\"");
        assertThat(agent.instructions()).contains("EXPOSE 5710 5711");
    }

    @Test
    void theControllerImageHoldsTheAppWhereTheContractSays() throws Exception {
        Containerfile controller = Containerfile.read(Repo.path("deploy/images/controller.Containerfile"));

        assertThat(controller.from()).isEqualTo(BASE);
        assertThat(controller.copies()).containsExactly(
                new Copy("spiderpool-controller/target/quarkus-app/", "/opt/spiderpool/controller/"),
                new Copy("spiderpoolctl/target/spiderpoolctl/", "/opt/spiderpool/spiderpoolctl/"));
        assertThat(controller.instructions()).contains("ENV PATH=/opt/spiderpool/spiderpoolctl/bin:$PATH");
        assertThat(controller.entrypoint()).containsExactly("java", "-jar", "/opt/spiderpool/controller/quarkus-run.jar");
        assertThat(controller.instructions()).contains("EXPOSE 5720 5721 5722 5723");
    }

    /** The apps are packaged before these tests (this module depends on both); the CNI tree unless skipped. */
    @Test
    void everyCopySourceIsABuildOutputThatExists() throws Exception {
        boolean cniSkipped = CniExec.packagedTree().isEmpty();
        for (String name : List.of("agent", "controller")) {
            for (Copy copy : Containerfile.read(Repo.path("deploy/images/" + name + ".Containerfile")).copies()) {
                assertThat(copy.source()).as("a COPY source is a build output under a module's target/").matches("[a-z-]+/target/.+");
                if (cniSkipped && copy.source().startsWith("spiderpool-cni/target/cni/")) {
                    System.out.println("SKIP existence of " + copy.source() + ": -Dcni.package.skip=true");
                    continue;
                }
                Path source = Repo.path(copy.source());
                assertThat(source).as(copy.source() + " after the build (mvn package)").exists();
                assertThat(Files.isDirectory(source)).as(copy.source() + " is a directory iff it ends in /")
                        .isEqualTo(copy.source().endsWith("/"));
            }
        }
        assertThat(Repo.path("spiderpool-agent/target/quarkus-app/quarkus-run.jar")).exists();
        assertThat(Repo.path("spiderpool-controller/target/quarkus-app/quarkus-run.jar")).exists();
        assertThat(Repo.path("spiderpoolctl/target/spiderpoolctl/bin/spiderpoolctl")).isExecutable();
    }

    @Test
    void theAgentImagesInitCommandInstallsThePluginsFromTheImagesLayout() throws Exception {
        Optional<Path> tree = CniExec.packagedTree();
        if (tree.isEmpty()) {
            System.out.println("SKIP " + getClass().getSimpleName() + " init command: -Dcni.package.skip=true");
            return;
        }
        Path image = temp.resolve("image");
        for (Copy copy : Containerfile.read(Repo.path("deploy/images/agent.Containerfile")).copies()) {
            layOut(Repo.path(copy.source()), image.resolve(copy.destination().substring(1)), copy.source().endsWith("/"));
        }
        assertThat(image.resolve("opt/spiderpool/agent/quarkus-run.jar")).isRegularFile();
        Path hostBin = Files.createDirectories(temp.resolve("host/opt/cni/bin"));

        // the init container's command, with the image's paths under the laid-out root
        ProcessBuilder pb = new ProcessBuilder(image.resolve("usr/local/bin/install-cni").toString(),
                "--source", image.resolve("opt/spiderpool/cni").toString(), "--target", hostBin.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("SPIDERPOOL_CNI_HOME", image.resolve("opt/spiderpool/cni").toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("spiderpool, coordinator, ifacer in " + hostBin + " now run version");

        for (String plugin : List.of("spiderpool", "coordinator", "ifacer")) {
            CniExec.Result r = CniExec.run(List.of(hostBin.resolve(plugin).toString()), Map.of("CNI_COMMAND", "VERSION"),
                    "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"macvlan\"}");
            assertThat(r.exit()).as(plugin + ": " + r.stderr()).isZero();
            assertThat(JsonReader.parseObject(r.stdout())).containsEntry("cniVersion", "1.0.0");
        }
    }

    /**
     * The agent's AOT cache is only used by the JVM, options and jars that trained it, at the paths they
     * had in the build: laid out where the image puts them, the entrypoint with {@code -XX:AOTMode=on}
     * (the JVM fails rather than start without the cache) and the image's JDK_JAVA_OPTIONS must still serve.
     */
    @Test
    void theAgentStartsFromTheImagesLayoutWithItsAotCache() throws Exception {
        Containerfile agent = Containerfile.read(Repo.path("deploy/images/agent.Containerfile"));
        if (!Files.isExecutable(Repo.path("spiderpool-agent/target/agent-runtime/bin/java"))) {
            System.out.println("SKIP " + getClass().getSimpleName() + " agent AOT cache: -Dagent.aot.skip=true");
            return;
        }
        Path image = temp.resolve("image");
        for (Copy copy : agent.copies()) {
            if (copy.source().startsWith("spiderpool-agent/")) {
                layOut(Repo.path(copy.source()), image.resolve(copy.destination().substring(1)), copy.source().endsWith("/"));
            }
        }
        Path run = Files.createDirectories(temp.resolve("run"));
        List<String> cmd = new ArrayList<>();
        for (String word : agent.entrypoint()) {
            cmd.add(word.startsWith("/opt/") ? image + word : word.replace("=/opt/", "=" + image + "/opt/"));
        }
        cmd.add(1, "-XX:AOTMode=on");
        cmd.addAll(2, List.of("-Dspiderpool.agent.store=local", "-Dspiderpool.agent.node-name=node-1",
                "-Dspiderpool.agent.local.pools-dir=" + Files.createDirectories(run.resolve("pools")),
                "-Dspiderpool.agent.local.state-file=" + run.resolve("state.json"),
                "-Dspiderpool.agent.socket-path=" + run.resolve("agent.sock"),
                "-Dspiderpool.agent.sysctl-dir=" + run.resolve("no-sysctl"), "-Dquarkus.management.port=0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(run.resolve("agent.log").toFile());
        pb.environment().put(AgentDaemonSet.JVM_OPTIONS_ENV, AgentDaemonSet.JVM_OPTIONS);
        Process p = pb.start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(run.resolve("agent.sock")) && p.isAlive() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(run.resolve("agent.sock")).as(String.join(" ", cmd) + "\n" + Files.readString(run.resolve("agent.log")))
                    .exists();
        } finally {
            Processes.stop(p);
        }
    }

    /** A COPY as a builder does it: a directory source ending in / puts its contents at the destination. */
    private static void layOut(Path source, Path destination, boolean contents) throws Exception {
        Files.createDirectories(contents ? destination : destination.getParent());
        List<String> cp = new ArrayList<>(List.of("cp", "-a"));
        cp.add(contents ? source + "/." : source.toString());
        cp.add(destination.toString());
        Process p = new ProcessBuilder(cp).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", cp)).isZero();
    }

    record Copy(String source, String destination) {}

    /** The instructions of a Containerfile: comments dropped, continuation lines joined. */
    record Containerfile(List<String> instructions) {
        static Containerfile read(Path file) throws IOException {
            List<String> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                instructions.add(current.append(line).toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
            return new Containerfile(instructions);
        }

        String from() {
            return instructions.stream().filter(i -> i.startsWith("FROM ")).map(i -> i.substring(5)).findFirst().orElseThrow();
        }

        List<Copy> copies() {
            return instructions.stream().filter(i -> i.startsWith("COPY ")).map(i -> {
                String[] words = i.split(" ");
                assertThat(words).as("COPY with one source and no flags: " + i).hasSize(3);
                return new Copy(words[1], words[2]);
            }).toList();
        }

        @SuppressWarnings("unchecked")
        List<String> entrypoint() {
            List<String> entrypoints = instructions.stream().filter(i -> i.startsWith("ENTRYPOINT ")).toList();
            assertThat(entrypoints).hasSize(1);
            return (List<String>) JsonReader.parse(entrypoints.get(0).substring("ENTRYPOINT ".length()));
        }
    }
}
