package io.spidernet.spiderpool.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes that carry the {@code metadata.resourceVersion} they were computed from (status merge
 * patches, whole-object updates), so the API server refuses them with 409 when an agent (or another
 * writer) changed the object meanwhile: the same optimistic concurrency the agents use on pool
 * status. A lost race is not an error: the write that won brings a new event, and the reconcile that
 * follows starts from it.
 */
public final class VersionedPatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VersionedPatch() {}

    /** Patches {@code /status} with the fields {@code status} sets; false when the object changed first. */
    public static <T extends HasMetadata> boolean status(KubernetesClient client, T basis, Consumer<ObjectNode> status) {
        ObjectNode patch = versioned(basis);
        status.accept(patch.putObject("status"));
        return apply(() -> client.resource(basis).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                patch.toString()));
    }

    /**
     * Replaces {@code metadata.finalizers} by an update of the object as read (a PUT carrying its
     * resourceVersion); false when the object changed first. A PUT rather than a merge patch because
     * fabric8's test server merges lists in a merge patch instead of replacing them.
     */
    public static <T extends HasMetadata> boolean finalizers(KubernetesClient client, T basis, List<String> finalizers) {
        T copy = client.getKubernetesSerialization().clone(basis);
        copy.getMetadata().setFinalizers(finalizers);
        return replace(client, copy);
    }

    /**
     * Replaces the object as read, changed (a PUT carrying the resourceVersion the change was computed
     * from: labels, owner references and lists change together); false when it changed since or is gone.
     */
    public static boolean replace(KubernetesClient client, HasMetadata changed) {
        versioned(changed);
        return apply(() -> client.resource(changed).update());
    }

    /** What became of a {@link #delete} of an object as judged. */
    public enum Deletion {
        /** The API server accepted the delete of the version judged (finalizers may still hold it). */
        DELETED,
        /** Nothing of that name was there any more. */
        GONE,
        /** The object changed since it was judged (or is a newer one of that name): it was kept; judge it again. */
        CHANGED
    }

    /**
     * Deletes the object only as it was judged: the DELETE carries its resourceVersion as a
     * precondition, so a pool an agent allocated from since the read, or a new pool created under
     * the same name, is not deleted on the strength of a judgement about the old one. The
     * resourceVersion rather than the UID because it covers both (a recreated object has a new
     * version too) and fabric8 sends it natively ({@code lockResourceVersion}); the price is a
     * re-judgement after any write to the object, which the callers' retries absorb.
     */
    public static Deletion delete(KubernetesClient client, HasMetadata judged) {
        versioned(judged);
        try {
            return client.resource(judged).lockResourceVersion().delete().isEmpty() ? Deletion.GONE : Deletion.DELETED;
        } catch (KubernetesClientException e) {
            return switch (e.getCode()) {
                case 404 -> Deletion.GONE;
                case 409 -> Deletion.CHANGED;
                default -> throw e;
            };
        }
    }

    /** Creates the object; false when one of that name appeared first. */
    public static boolean create(KubernetesClient client, HasMetadata object) {
        return apply(() -> client.resource(object).create());
    }

    private static ObjectNode versioned(HasMetadata basis) {
        String version = basis.getMetadata().getResourceVersion();
        if (version == null) {
            // an unversioned merge patch would overwrite whatever an agent wrote since the read
            throw new IllegalArgumentException(basis.getKind() + " " + basis.getMetadata().getName()
                    + " has no resourceVersion; patch only objects read from the API");
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", version);
        return patch;
    }

    private static boolean apply(Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return false; // lost a race, or the object is gone: the caller re-reads
            }
            throw e;
        }
    }
}
