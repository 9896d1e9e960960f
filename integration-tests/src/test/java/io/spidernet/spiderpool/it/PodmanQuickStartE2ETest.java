package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/quickstart.md kept working: runs {@code scripts/quickstart-podman --coordinator}, the
 * command the document gives, so a real container runtime (rootful podman with its CNI backend)
 * starts busybox containers on Debian's macvlan with our spiderpool IPAM and our coordinator, the
 * agent serving deploy/examples' default IPv4 pool from its local store. Checks what the document
 * promises from the script's output and the state snapshots it leaves in its work directory, and
 * that the machine's own network namespace is left as it was.
 */
class PodmanQuickStartE2ETest {
    private static final Path SCRIPT = Repo.path("scripts/quickstart-podman");
    private static final Path POOL = Repo.path("deploy/examples/ippool-default-v4.yaml");
    private static final String POOL_NAME = "default-v4-ippool";
    private static final long TIMEOUT_SECONDS = 240;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void needsRootPodmanAndPlugins() {
        NetnsKit.unavailableReason().ifPresent(PodmanQuickStartE2ETest::skip);
        if (!onPath("podman")) {
            skip("podman is not installed (.ci/run installs it with apt: apt-get install podman busybox-static)");
        }
        if (!Files.isExecutable(Path.of("/bin/busybox")) || dynamicallyLinked(Path.of("/bin/busybox"))) {
            skip("the container image is built from busybox-static, which is not installed (apt-get install busybox-static)");
        }
        if (!Files.isExecutable(ReferencePluginsTest.CNI_DIR.resolve("macvlan"))) {
            skip("containernetworking-plugins is not installed (.ci/run installs it with apt)");
        }
        CniExec.packagedTreeOrSkip(PodmanQuickStartE2ETest.class);
    }

    @Test
    void podmanRunsContainersOnMacvlanWithSpiderpoolAndCoordinator() throws Exception {
        String linksBefore = hostNetworkState();
        List<Boolean> podmanStateBefore = globalPodmanState();
        Path work = Files.createTempDirectory("quickstart-podman");
        try {
            String out = runScript(work);

            // inside each container (busybox ip): an address of the pool, the second the next one
            Map<String, BigInteger> inside = containerAddresses(out);
            assertThat(inside).containsOnlyKeys("qs1", "qs2");
            BigInteger[] range = poolRange();
            assertThat(inside.values()).allSatisfy(a -> assertThat(a).isBetween(range[0], range[1]));
            assertThat(inside.get("qs2")).isEqualTo(inside.get("qs1").add(BigInteger.ONE));

            // traffic: the peer namespace on the master's other end and the containers, both ways;
            // the node through the coordinator's veth0
            for (String c : List.of("qs1", "qs2")) {
                assertThat(out).contains("peer -> " + c + " (" + dotted(inside.get(c)) + ") ok", c + " -> peer (172.18.40.2) ok");
            }
            assertThat(out).contains("node -> qs1 (" + dotted(inside.get("qs1")) + ") ok");

            // the agent's local store: both held while running, qs1's released by podman rm (CNI DEL)
            assertThat(ledger(work.resolve("state-running.json")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(dotted(inside.get("qs1")), "default/qs1", dotted(inside.get("qs2")), "default/qs2"));
            assertThat(endpointAddress(work.resolve("state-running.json"), "default/qs1")).isEqualTo(dotted(inside.get("qs1")) + "/24");
            assertThat(ledger(work.resolve("state-after-rm.json")))
                    .containsExactlyEntriesOf(Map.of(dotted(inside.get("qs2")), "default/qs2"));
            assertThat(ledger(work.resolve("state-end.json"))).isEmpty();

            assertThat(hostNetworkState()).as("links, addresses, routes and rules of the machine's own namespace").isEqualTo(linksBefore);
            try (var netns = Files.list(Path.of("/run/netns"))) {
                assertThat(netns.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("spd-qs-"))).as("the script's namespaces are gone").isEmpty();
            }
            assertThat(globalPodmanState()).as("libcni's cache directory and podman's lock file, outside the script's mount namespace")
                    .isEqualTo(podmanStateBefore);
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String runScript(Path work) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(SCRIPT.toString(), "--coordinator", "--compare", "1", "--work", work.toString())
                .redirectErrorStream(true)
                .directory(Repo.path(".").toFile())
                .start();
        p.getOutputStream().close();
        // read while it runs (a full pipe would stall it); its output is a few kilobytes
        var collected = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(collected);
            } catch (IOException e) {
                // the process was killed after the timeout: what was read is reported below
            }
        });
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroy(); // SIGTERM: the script's trap removes its containers, namespaces and agent
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            reader.join(5_000);
            throw new AssertionError("scripts/quickstart-podman did not finish in " + TIMEOUT_SECONDS + " s:\n" + collected);
        }
        reader.join();
        byte[] bytes = collected.toByteArray();
        String out = new String(bytes, StandardCharsets.UTF_8);
        System.out.println(out);
        System.out.printf("PodmanQuickStartE2ETest: scripts/quickstart-podman --coordinator took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("== done");
        return out;
    }

    /** "qs1:     inet 172.18.40.40/24 brd …": busybox's ip inside each container, as the script prints it. */
    private static Map<String, BigInteger> containerAddresses(String out) throws IOException {
        Map<String, BigInteger> byName = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+(qs\\d): +inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/24 ").matcher(out);
        while (m.find()) {
            byName.put(m.group(1), numeric(m.group(2)));
        }
        return byName;
    }

    /** The pool's one "ips" range, start and end, from the example manifest the script installs. */
    private static BigInteger[] poolRange() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*- (\\d+\\.\\d+\\.\\d+\\.\\d+)-(\\d+\\.\\d+\\.\\d+\\.\\d+)\\s*$").matcher(Files.readString(POOL));
        assertThat(m.find()).as("an ips range in " + POOL).isTrue();
        return new BigInteger[] {numeric(m.group(1)), numeric(m.group(2))};
    }

    /** Address to pod of the pool's ledger in a state snapshot (allocatedIPs is JSON in a string, as upstream stores it). */
    private static Map<String, String> ledger(Path state) throws IOException {
        JsonNode allocated = JSON.readTree(state.toFile()).path("pools").path(POOL_NAME).path("allocatedIPs");
        Map<String, String> out = new TreeMap<>();
        if (allocated.isTextual() && !allocated.asText().isEmpty()) {
            JSON.readTree(allocated.asText()).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().path("pod").asText()));
        }
        return out;
    }

    private static String endpointAddress(Path state, String pod) throws IOException {
        return JSON.readTree(state.toFile()).path("endpoints").path(pod).path("current").path("ips").path(0).path("ipv4").asText();
    }

    private static String hostNetworkState() throws IOException, InterruptedException {
        List<String> parts = new ArrayList<>();
        for (List<String> args : List.of(List.of("-o", "link", "show"), List.of("-o", "addr", "show"), List.of("route", "show", "table", "all"),
                List.of("rule", "show"), List.of("-6", "rule", "show"))) {
            List<String> cmd = new ArrayList<>(List.of("ip"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            // address lifetimes count down on their own; names, addresses, routes and rules do not
            parts.add(text.replaceAll("valid_lft \\S+ preferred_lft \\S+", ""));
        }
        return String.join("\n", parts);
    }

    /** Whether /var/lib/cni and /dev/shm/libpod_lock exist: the script keeps both private (tmpfs in its mount namespace). */
    private static List<Boolean> globalPodmanState() {
        return List.of(Files.exists(Path.of("/var/lib/cni")), Files.exists(Path.of("/dev/shm/libpod_lock")));
    }

    private static BigInteger numeric(String dotted) throws IOException {
        return new BigInteger(1, InetAddress.getByName(dotted).getAddress());
    }

    private static String dotted(BigInteger address) {
        long v = address.longValueExact();
        return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static boolean dynamicallyLinked(Path binary) {
        try {
            Process p = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void skip(String reason) {
        System.out.println("SKIP " + PodmanQuickStartE2ETest.class.getSimpleName() + ": " + reason);
        Assumptions.abort(reason);
    }
}
