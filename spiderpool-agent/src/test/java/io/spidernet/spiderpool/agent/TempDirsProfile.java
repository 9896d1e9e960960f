package io.spidernet.spiderpool.agent;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.spidernet.spiderpool.agent.local.ManifestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The whole agent on its own temporary directory: one pool, a fresh state file, both sockets. */
public class TempDirsProfile implements QuarkusTestProfile {
    static final Path DIR = createDir();

    private static Path createDir() {
        try {
            Path dir = Files.createTempDirectory("spiderpool-agent-");
            ManifestFiles.write(dir.resolve("pools"), "pools.yaml",
                    pool("e2e-v4", "10.20.0.0/24", List.of("10.20.0.10-10.20.0.99"), s -> s.setGateway("10.20.0.1")));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path cniSocket() {
        return DIR.resolve("run/spiderpool.sock");
    }

    /** Derived from the CNI socket's path by application.properties, not set here: that is tested too. */
    static Path grpcSocket() {
        return DIR.resolve("run/spiderpool.sock.d/grpc.sock");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "spiderpool.agent.local.pools-dir", DIR.resolve("pools").toString(),
                "spiderpool.agent.local.state-file", DIR.resolve("state/state.json").toString(),
                "spiderpool.agent.socket-path", cniSocket().toString(),
                "spiderpool.agent.node-name", "e2e-node");
    }
}
