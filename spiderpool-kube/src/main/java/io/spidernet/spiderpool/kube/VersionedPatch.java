package io.spidernet.spiderpool.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /** What became of a versioned write. */
    public sealed interface Outcome<T> {
        /** Written; {@code object} is the object as stored now, with its new version. */
        record Written<T>(T object) implements Outcome<T> {}

        /** The object changed since it was read (409): nothing was written; re-read and decide again. */
        record Changed<T>() implements Outcome<T> {}

        /** Nothing of that name is there any more (404). */
        record Gone<T>() implements Outcome<T> {}
    }

    /** Patches {@code /status} with the fields {@code status} sets; false when the object changed first or is gone. */
    public static <T extends HasMetadata> boolean status(KubernetesClient client, T basis, Consumer<ObjectNode> status) {
        return patchStatus(client, basis, status) instanceof Outcome.Written;
    }

    /**
     * As {@link #status}, telling a lost race from a deleted object and returning the object as
     * written. Patched through the object as read: by name alone, fabric8 first GETs the object, one
     * more request per write that the version in the patch makes useless.
     */
    public static <T extends HasMetadata> Outcome<T> patchStatus(KubernetesClient client, T basis, Consumer<ObjectNode> status) {
        ObjectNode patch = versioned(basis);
        status.accept(patch.putObject("status"));
        return attempt(() -> client.resource(basis).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
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
        return attempt(() -> client.resource(changed).update()) instanceof Outcome.Written;
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
        return switch (attempt(() -> client.resource(judged).lockResourceVersion().delete())) {
            case Outcome.Written<List<StatusDetails>> w -> w.object().isEmpty() ? Deletion.GONE : Deletion.DELETED;
            case Outcome.Changed<List<StatusDetails>> c -> Deletion.CHANGED;
            case Outcome.Gone<List<StatusDetails>> g -> Deletion.GONE;
        };
    }

    /** Creates the object; false when one of that name appeared first. */
    public static boolean create(KubernetesClient client, HasMetadata object) {
        return attempt(() -> client.resource(object).create()) instanceof Outcome.Written;
    }

    private static ObjectNode versioned(HasMetadata basis) {
        String version = basis.getMetadata().getResourceVersion();
        if (version == null || version.isEmpty()) {
            // an unversioned merge patch would overwrite whatever an agent wrote since the read
            throw new IllegalArgumentException(basis.getKind() + " " + basis.getMetadata().getName()
                    + " has no resourceVersion; patch only objects read from the API");
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", version);
        return patch;
    }

    /** A lost race (409) and a deleted object (404) are outcomes of every write here, not errors. */
    private static <T> Outcome<T> attempt(Supplier<T> write) {
        try {
            return new Outcome.Written<>(write.get());
        } catch (KubernetesClientException e) {
            return switch (e.getCode()) {
                case HttpURLConnection.HTTP_CONFLICT -> new Outcome.Changed<>();
                case HttpURLConnection.HTTP_NOT_FOUND -> new Outcome.Gone<>();
                default -> throw e;
            };
        }
    }
}
