package io.spidernet.spiderpool.core.podinject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON patch (RFC 6902) that applies an {@link InjectDecision.Inject} to the pod exactly as the
 * API server sent it. It is written against the sent JSON rather than diffed from a decoded model,
 * because a decoded pod cannot tell an absent {@code resources} or {@code limits} from an empty one,
 * and an {@code add} below a member that does not exist fails the whole patch.
 */
public final class InjectPatch {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InjectPatch() {}

    public static ArrayNode of(JsonNode pod, InjectDecision.Inject inject) {
        ArrayNode ops = NODES.arrayNode();
        if (pod.path("metadata").path("annotations").isObject()) {
            // "add" on an existing member replaces it: the user's networks annotation is overwritten, as upstream
            add(ops, "/metadata/annotations/" + escape(PodResourceInjector.NETWORKS), NODES.textNode(inject.networks()));
        } else {
            add(ops, "/metadata/annotations", NODES.objectNode().put(PodResourceInjector.NETWORKS, inject.networks()));
        }
        if (inject.resources().isEmpty()) {
            return ops;
        }
        JsonNode container = pod.path("spec").path("containers").path(0);
        ObjectNode limits = NODES.objectNode();
        inject.resources().forEach(r -> limits.put(r, "1"));
        if (!container.path("resources").isObject()) {
            add(ops, "/spec/containers/0/resources", NODES.objectNode().set("limits", limits));
        } else if (!container.path("resources").path("limits").isObject()) {
            add(ops, "/spec/containers/0/resources/limits", limits);
        } else {
            inject.resources().forEach(r -> add(ops, "/spec/containers/0/resources/limits/" + escape(r), NODES.textNode("1")));
        }
        return ops;
    }

    private static void add(ArrayNode ops, String path, JsonNode value) {
        ops.addObject().put("op", "add").put("path", path).set("value", value);
    }

    /** A JSON pointer token: resource names and annotation keys carry '/'. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
