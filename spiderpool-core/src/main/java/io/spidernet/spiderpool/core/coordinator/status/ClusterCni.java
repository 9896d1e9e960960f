package io.spidernet.spiderpool.core.coordinator.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import java.util.Collection;
import java.util.Optional;

/**
 * Which CNI the cluster runs, from the node's CNI configuration directory as the container runtime
 * reads it: the first {@code .conf} or {@code .conflist} file by name, Multus's own file left out
 * (Multus delegates to the file after it). Its network name says the CNI, as upstream reads it:
 * Calico's ({@code calico}, or {@code k8s-pod-network} of its manifests), Cilium's, Flannel's (whose
 * pod CIDRs are the cluster's). Flannel's own manifest names its network {@code cbr0}, which
 * upstream reads as no CNI at all; so when the name says nothing, the first plugin's type decides
 * ({@code calico}, {@code cilium-cni}, {@code flannel}). Anything else, or no file at all, is a
 * cluster without an overlay CNI to route to.
 */
public final class ClusterCni {
    /** The most bytes of a CNI configuration read; real ones are a few KiB. */
    public static final int MAX_CONFIG_BYTES = 1 << 20;
    /** The most directory entries considered. */
    public static final int MAX_FILES = 4096;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private ClusterCni() {}

    /** The file the runtime would use, or empty when the directory holds none. */
    public static Optional<String> firstConfigFile(Collection<String> fileNames) {
        return fileNames.stream().limit(MAX_FILES)
                .filter(n -> n.endsWith(".conf") || n.endsWith(".conflist"))
                .filter(n -> !n.contains("00-multus"))
                .sorted().findFirst();
    }

    /**
     * The pod CIDR type for the cluster's CNI, from the first configuration file's name and content.
     *
     * @throws NotReady when the file cannot be read as a CNI configuration
     */
    static PodCidrType typeOf(CniConfigDir dir) {
        if (dir.readError() != null) {
            throw new NotReady("cannot read the CNI configuration directory " + dir.path() + ": " + dir.readError()
                    + "; mount the node's CNI configuration there (SPIDERPOOL_CNI_CONFIG_DIR), or set spec.podCIDRType"
                    + " to cluster, calico, cilium or none");
        }
        if (dir.fileName() == null) {
            return PodCidrType.NONE;
        }
        JsonNode conf = parse(dir);
        PodCidrType byName = switch (conf.path("name").asText("")) {
            case "calico", "k8s-pod-network" -> PodCidrType.CALICO;
            case "cilium" -> PodCidrType.CILIUM;
            case "flannel" -> PodCidrType.CLUSTER;
            default -> PodCidrType.NONE;
        };
        if (byName != PodCidrType.NONE) {
            return byName;
        }
        JsonNode first = conf.path("plugins").isArray() ? conf.path("plugins").path(0) : conf;
        return switch (first.path("type").asText("")) {
            case "calico" -> PodCidrType.CALICO;
            case "cilium-cni" -> PodCidrType.CILIUM;
            case "flannel" -> PodCidrType.CLUSTER;
            default -> PodCidrType.NONE;
        };
    }

    private static JsonNode parse(CniConfigDir dir) {
        String file = dir.path() + "/" + dir.fileName();
        String content = dir.content() == null ? "" : dir.content();
        if (content.length() > MAX_CONFIG_BYTES) {
            throw unreadable(file, "it is larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        JsonNode conf;
        try {
            conf = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw unreadable(file, "it is not JSON: " + e.getOriginalMessage());
        }
        if (conf == null || !conf.isObject()) {
            throw unreadable(file, "it is not a JSON object");
        }
        // what libcni insists on before it gives a name: a list has plugins, a single config a type
        if (dir.fileName().endsWith(".conflist") && !conf.path("plugins").isArray()) {
            throw unreadable(file, "a .conflist has no \"plugins\" list");
        }
        if (dir.fileName().endsWith(".conf") && !conf.path("type").isTextual()) {
            throw unreadable(file, "a .conf has no \"type\"");
        }
        return conf;
    }

    private static NotReady unreadable(String file, String why) {
        return new NotReady("cannot detect the cluster's CNI from " + file + ": " + why
                + "; fix that file, or set spec.podCIDRType to cluster, calico, cilium or none");
    }
}
