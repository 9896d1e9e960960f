package io.spidernet.spiderpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node without Kubernetes for system tests: sample pools in a directory, the agent as its own
 * process on the local store, and a CNI bin dir holding our {@code spiderpool} binary next to
 * Debian's plugins.
 */
final class NodeFixture implements AutoCloseable {
    static final String POOLS = """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderIPPool
            metadata: {name: e2e-v4}
            spec:
              subnet: 10.20.0.0/24
              ips: [10.20.0.10-10.20.0.99]
              gateway: 10.20.0.1
              routes: [{dst: 10.99.0.0/16, gw: 10.20.0.254}]
            ---
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderIPPool
            metadata: {name: e2e-v6}
            spec:
              subnet: fd00:20::/64
              ips: [fd00:20::10-fd00:20::ff]
              gateway: fd00:20::1
            ---
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderIPPool
            metadata: {name: e2e-tiny}
            spec:
              subnet: 10.21.0.0/24
              ips: [10.21.0.10]
            ---
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderIPPool
            metadata: {name: e2e-big}
            spec:
              subnet: 10.22.0.0/16
              ips: [10.22.0.10-10.22.3.250]
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path poolsDir;
    final Path stateFile;
    final Path socket;
    final Path binDir;
    AgentProcess agent;

    NodeFixture() throws IOException {
        dir = Files.createTempDirectory("spiderpool-node");
        poolsDir = Files.createDirectories(dir.resolve("pools"));
        Files.writeString(poolsDir.resolve("pools.yaml"), POOLS);
        stateFile = dir.resolve("state.json");
        socket = dir.resolve("agent.sock");
        binDir = Files.createDirectories(dir.resolve("bin"));
        installSpiderpool(binDir);
    }

    AgentProcess startAgent() throws IOException {
        return startAgent(Map.of());
    }

    /** @param settings extra agent settings, e.g. {@code spiderpool.agent.conf-file} */
    AgentProcess startAgent(Map<String, String> settings) throws IOException {
        agent = AgentProcess.start(poolsDir, stateFile, socket, settings);
        return agent;
    }

    /** The netconf of a plugin chain entry with our IPAM; {@code ipamExtra} is JSON members to add. */
    String netconf(String version, String mainPlugin, String ipamExtra) {
        String extra = ipamExtra.isEmpty() ? "" : "," + ipamExtra;
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"e2e\",\"type\":\"" + mainPlugin + "\",\"master\":\"e2em0\","
                + "\"mode\":\"bridge\",\"ipam\":{\"type\":\"spiderpool\",\"ipam_unix_socket_path\":\"" + socket + "\"" + extra + "}}";
    }

    Map<String, String> env(String command, String containerId, Path netns, String ifName) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns.toString());
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", binDir + ":" + ReferencePluginsTest.CNI_DIR);
        return env;
    }

    /** Our IPAM binary called directly, the way a main plugin calls it. */
    CniExec.Result ipam(Map<String, String> env, String conf) throws IOException, InterruptedException {
        return CniExec.run(List.of(binDir.resolve("spiderpool").toString()), env, conf);
    }

    JsonNode state() throws IOException {
        return JSON.readTree(stateFile.toFile());
    }

    /** Addresses recorded in a pool's ledger (upstream's allocatedIPs string, decoded). */
    List<String> allocated(String pool) throws IOException {
        JsonNode entry = state().path("pools").path(pool).path("allocatedIPs");
        if (entry.isMissingNode() || entry.isNull()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        JSON.readTree(entry.asText()).fieldNames().forEachRemaining(out::add);
        return out;
    }

    /**
     * Installs the binary as a runtime finds it: an executable named {@code spiderpool} in a CNI
     * bin dir. Until the packaged launcher is built, a shell wrapper runs the module on this JVM.
     */
    private static void installSpiderpool(Path binDir) throws IOException {
        Path packaged = Path.of(System.getProperty("spiderpool.cni.tree", "../spiderpool-cni/target/cni"), "bin", "spiderpool");
        Path target = binDir.resolve("spiderpool");
        if (Files.isExecutable(packaged)) {
            Files.createSymbolicLink(target, packaged.toAbsolutePath());
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(target, "#!/bin/sh\nexec " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + " --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp '"
                + System.getProperty("java.class.path") + "' io.spidernet.spiderpool.cni.CniMain \"$@\"\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public void close() throws IOException {
        if (agent != null) {
            agent.close();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
