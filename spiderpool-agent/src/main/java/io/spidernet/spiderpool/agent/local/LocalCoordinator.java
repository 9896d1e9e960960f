package io.spidernet.spiderpool.agent.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.agent.cluster.CoordinatorConfigs;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.CoordinatorMutator;
import io.spidernet.spiderpool.core.webhook.CoordinatorValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The coordinator plugin's settings without a cluster: the SpiderCoordinator among the manifests
 * of the pools directory (any {@code *.yaml}, {@code *.yml} or {@code *.json} there, found by its
 * kind as the pools are), or core's defaults when there is none. The object passes core's
 * mutating and validating webhook rules, as a {@code kubectl apply} would.
 *
 * <p>Two things differ from a cluster, because no controller runs: the pod and service CIDRs are
 * taken from the manifest's own {@code status} (left out: none), whatever its phase; and an unset
 * {@code spec.podCIDRType}, which only tells the controller where to look, reads as {@code none}.
 *
 * <p>Read when asked, so an edit applies to the next pod without a restart; the parsed answer is
 * kept until a manifest file is added, removed, resized or touched (one cached answer, a directory
 * listing per call). A bad manifest is NOT_READY naming the file and the field: the runtime's
 * retry succeeds once the file is fixed.
 */
public final class LocalCoordinator implements Supplier<CoordinatorConfig> {
    private static final String KIND = "SpiderCoordinator";

    private final Path poolsDir;
    private List<FileStamp> cachedStamps;
    private CoordinatorConfig cachedConfig;
    private String cachedFailure;

    public LocalCoordinator(Path poolsDir) {
        this.poolsDir = poolsDir;
    }

    /** What identifies a manifest file's version without reading it. */
    private record FileStamp(Path file, long size, long modifiedNanos) {}

    @Override
    public synchronized CoordinatorConfig get() {
        List<FileStamp> stamps;
        try {
            stamps = stamps();
        } catch (LocalStoreException e) {
            throw new NodeFailure(Failure.Kind.NOT_READY, e.getMessage());
        }
        if (!stamps.equals(cachedStamps)) {
            cachedStamps = stamps;
            try {
                cachedConfig = load(stamps);
                cachedFailure = null;
            } catch (LocalStoreException e) {
                cachedConfig = null;
                cachedFailure = e.getMessage();
            }
        }
        if (cachedFailure != null) {
            throw new NodeFailure(Failure.Kind.NOT_READY, cachedFailure);
        }
        return cachedConfig;
    }

    private List<FileStamp> stamps() {
        if (!Files.isDirectory(poolsDir)) {
            throw new NodeFailure(Failure.Kind.NOT_READY, "pools directory " + poolsDir.toAbsolutePath()
                    + " does not exist, so its SpiderCoordinator cannot be read: create it (spiderpool.agent.local.pools-dir)");
        }
        List<FileStamp> stamps = new ArrayList<>();
        for (Path file : PoolManifests.manifestFiles(poolsDir)) {
            try {
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                stamps.add(new FileStamp(file, Files.size(file), modified.getEpochSecond() * 1_000_000_000L + modified.getNano()));
            } catch (IOException e) {
                // removed between listing and stat: the next call lists again
                stamps.add(new FileStamp(file, -1, -1));
            }
        }
        return stamps;
    }

    private static CoordinatorConfig load(List<FileStamp> stamps) {
        Path foundIn = null;
        JsonNode found = null;
        for (FileStamp stamp : stamps) {
            if (stamp.size() < 0) {
                continue;
            }
            for (JsonNode doc : PoolManifests.documents(stamp.file())) {
                if (!doc.path("kind").asText("").equals(KIND)) {
                    continue;
                }
                if (found != null) {
                    throw new LocalStoreException("two SpiderCoordinators in the pools directory: '" + name(found) + "' in "
                            + foundIn.toAbsolutePath() + " and '" + name(doc) + "' in " + stamp.file().toAbsolutePath()
                            + "; keep one, it configures every pod of this node");
                }
                found = doc;
                foundIn = stamp.file();
            }
        }
        return found == null ? defaults() : served(foundIn, found);
    }

    /** No manifest: core's defaults (mode auto, tunePodRoutes, hostRuleTable 500, vethMTU 1500), no CIDRs. */
    static CoordinatorConfig defaults() {
        return CoordinatorConfigs.served(new CoordinatorSpec(), null, null);
    }

    private static CoordinatorConfig served(Path file, JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText("");
        if (!apiVersion.equals(PoolManifests.API_VERSION)) {
            throw refused(file, doc, "apiVersion is '" + apiVersion + "', expected '" + PoolManifests.API_VERSION + "'");
        }
        SpiderCoordinator coordinator;
        try {
            coordinator = PoolManifests.YAML.treeToValue(doc, SpiderCoordinator.class);
        } catch (IOException e) {
            throw refused(file, doc, e.getMessage());
        }
        if (coordinator.getSpec() == null) {
            coordinator.setSpec(new CoordinatorSpec());
        }
        if (coordinator.getSpec().getPodCIDRType() == null) {
            coordinator.getSpec().setPodCIDRType(PodCidrType.NONE);
        }
        SpiderCoordinator mutated = new CoordinatorMutator().mutate(coordinator).object();
        AdmissionResult result = new CoordinatorValidator().validateCreate(mutated);
        if (!result.isAllowed()) {
            throw refused(file, doc, String.join("; ", result.errors().stream().map(Object::toString).toList()));
        }
        CoordinatorStatus status = mutated.getStatus();
        if (status != null) {
            requireCidrs(file, doc, "status.overlayPodCIDR", status.getOverlayPodCIDR());
            requireCidrs(file, doc, "status.serviceCIDR", status.getServiceCIDR());
        }
        return CoordinatorConfigs.served(mutated.getSpec(), status, null);
    }

    /** The plugin installs these as routes: each must be a CIDR. */
    private static void requireCidrs(Path file, JsonNode doc, String field, List<String> cidrs) {
        if (cidrs == null) {
            return;
        }
        for (int i = 0; i < cidrs.size(); i++) {
            try {
                Cidr.parse(String.valueOf(cidrs.get(i)));
            } catch (IpFormatException e) {
                throw refused(file, doc, field + "[" + i + "]: '" + cidrs.get(i) + "' is not a CIDR (" + e.getMessage()
                        + "); write e.g. 10.96.0.0/12");
            }
        }
    }

    private static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText("?");
    }

    private static LocalStoreException refused(Path file, JsonNode doc, String why) {
        return new LocalStoreException("manifest " + file.toAbsolutePath() + ": SpiderCoordinator '" + name(doc)
                + "' is refused: " + why);
    }
}
