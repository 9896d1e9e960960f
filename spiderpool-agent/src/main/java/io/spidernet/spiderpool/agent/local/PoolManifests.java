package io.spidernet.spiderpool.agent.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.spidernet.spiderpool.core.config.BoundedYaml;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.config.YamlLimitException;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.IPPoolValidator;
import io.spidernet.spiderpool.core.webhook.ReservedIPMutator;
import io.spidernet.spiderpool.core.webhook.ReservedIPValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The SpiderIPPools and SpiderReservedIPs of a directory. Each object goes through the same
 * mutating and validating rules the admission webhooks apply to a {@code kubectl apply}, in file
 * order, so a file that a cluster would refuse is refused here too, with the file named. Other kinds
 * (a SpiderMultusConfig next to its pools; the SpiderCoordinator, which {@link LocalCoordinator}
 * reads at request time) are skipped; unknown fields are errors, because in a file
 * nobody else reads a typo would silently change what the pool means.
 */
public record PoolManifests(List<SpiderIPPool> pools, List<SpiderReservedIP> reservedIps) {
    static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static final String API_VERSION = SpiderpoolGroup.GROUP + "/" + SpiderpoolGroup.VERSION;

    public PoolManifests {
        pools = List.copyOf(pools);
        reservedIps = List.copyOf(reservedIps);
    }

    /** Loads {@code *.yaml}, {@code *.yml} and {@code *.json} of {@code dir} (not recursive), by file name. */
    public static PoolManifests load(Path dir, SpiderpoolConf conf) {
        if (!Files.isDirectory(dir)) {
            throw new LocalStoreException("pools directory " + dir.toAbsolutePath() + " does not exist: create it and put"
                    + " SpiderIPPool manifests in it, or set spiderpool.agent.local.pools-dir");
        }
        Loader loader = new Loader(conf);
        for (Path file : manifestFiles(dir)) {
            for (JsonNode doc : documents(file)) {
                loader.add(file, doc);
            }
        }
        return new PoolManifests(loader.pools, loader.reserved);
    }

    /** The manifest files of {@code dir} in the order they are read; the local SpiderCoordinator is found among them too. */
    static List<Path> manifestFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new LocalStoreException("cannot list pools directory " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's documents within {@link BoundedYaml}'s bounds: never more than its size limit is read
     * (the file may grow while being read, so the read itself stops there), no aliases, bounded nesting.
     */
    static List<JsonNode> documents(Path file) {
        String source = "manifest " + file.toAbsolutePath();
        try (InputStream in = Files.newInputStream(file)) {
            BoundedYaml.checkSize(Files.size(file), source);
            byte[] bytes = in.readNBytes(BoundedYaml.MAX_BYTES + 1);
            BoundedYaml.checkSize(bytes.length, source);
            return BoundedYaml.documents(new String(bytes, StandardCharsets.UTF_8), source);
        } catch (YamlLimitException e) {
            throw new LocalStoreException(e.getMessage(), e);
        } catch (IOException e) {
            throw new LocalStoreException(source + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Accumulates admitted objects; names must be unique per kind, as in a cluster. */
    private static final class Loader {
        private final SpiderpoolConf conf;
        private final List<SpiderIPPool> pools = new ArrayList<>();
        private final List<SpiderReservedIP> reserved = new ArrayList<>();
        private final Map<String, Path> seen = new HashMap<>();

        Loader(SpiderpoolConf conf) {
            this.conf = conf;
        }

        void add(Path file, JsonNode doc) {
            String kind = doc.path("kind").asText("");
            if (!kind.equals("SpiderIPPool") && !kind.equals("SpiderReservedIP")) {
                return;
            }
            String apiVersion = doc.path("apiVersion").asText("");
            if (!apiVersion.equals(API_VERSION)) {
                throw refused(file, kind, doc.path("metadata").path("name").asText("?"),
                        "apiVersion is '" + apiVersion + "', expected '" + API_VERSION + "'");
            }
            if (kind.equals("SpiderIPPool")) {
                SpiderIPPool pool = new IPPoolMutator(conf).mutate(bind(file, doc, SpiderIPPool.class), List.of()).object();
                admit(file, kind, pool, new IPPoolValidator(conf).validateCreate(pool, pools, List.of()));
                pools.add(pool);
            } else {
                SpiderReservedIP r = new ReservedIPMutator().mutate(bind(file, doc, SpiderReservedIP.class)).object();
                admit(file, kind, r, new ReservedIPValidator(conf).validateCreate(r));
                reserved.add(r);
            }
        }

        private <T extends CustomResource<?, ?>> T bind(Path file, JsonNode doc, Class<T> type) {
            T object;
            try {
                object = YAML.treeToValue(doc, type);
            } catch (IOException e) {
                throw refused(file, type.getSimpleName(), doc.path("metadata").path("name").asText("?"), e.getMessage());
            }
            if (object.getMetadata() == null || object.getMetadata().getName() == null
                    || object.getMetadata().getName().isBlank()) {
                throw refused(file, type.getSimpleName(), "?", "metadata.name is required");
            }
            return object;
        }

        private void admit(Path file, String kind, CustomResource<?, ?> object, AdmissionResult result) {
            String name = object.getMetadata().getName();
            Path first = seen.putIfAbsent(kind + "/" + name, file);
            if (first != null) {
                throw refused(file, kind, name, "the name is already used in " + first.toAbsolutePath());
            }
            if (!result.isAllowed()) {
                throw refused(file, kind, name, String.join("; ", result.errors().stream().map(Object::toString).toList()));
            }
        }

        private static LocalStoreException refused(Path file, String kind, String name, String why) {
            return new LocalStoreException("manifest " + file.toAbsolutePath() + ": " + kind + " '" + name + "' is refused: "
                    + why);
        }
    }
}
