package io.spidernet.spiderpool.kube;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which CNI attachment each NIC of a SpiderEndpoint came from: the network (netconf name) and the
 * container ID of its ADD, for CNI GC. Kept in an annotation, not in the status: upstream's
 * SpiderEndpoint schema has no such field, and an annotation survives the API server's pruning and
 * upstream's tools alike. A record without it (written by an older agent, or by an ADD that sent no
 * network name) is never released by GC.
 */
public final class EndpointAttachments {
    /** JSON {@code {"eth0": {"network": "macvlan-conf", "containerID": "3c1e…"}}}. */
    public static final String ANNOTATION = SpiderpoolGroup.GROUP + "/cni-attachments";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, NicAttachment>> TYPE = new TypeReference<>() {};

    private EndpointAttachments() {}

    /** One NIC's attachment. */
    public record NicAttachment(@JsonProperty("network") String network, @JsonProperty("containerID") String containerId) {}

    /** The NICs' attachments as recorded; a missing or unreadable annotation is none (nothing is judged by it). */
    public static Map<String, NicAttachment> of(SpiderEndpoint ep) {
        Map<String, String> annotations = ep.getMetadata() == null ? null : ep.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, NicAttachment> read = JSON.readValue(value, TYPE);
            return read == null ? Map.of() : read;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    /** Sets the annotation to {@code attachments} on {@code ep} (removes it when empty); true when that changed it. */
    static boolean put(SpiderEndpoint ep, Map<String, NicAttachment> attachments) {
        Map<String, String> annotations = ep.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(ep.getMetadata().getAnnotations());
        String before = annotations.get(ANNOTATION);
        if (attachments.isEmpty()) {
            annotations.remove(ANNOTATION);
        } else {
            try {
                annotations.put(ANNOTATION, JSON.writeValueAsString(new TreeMap<>(attachments)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode the attachments " + attachments, e);
            }
        }
        ep.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        return !Objects.equals(before, annotations.get(ANNOTATION));
    }

    /** {@code ep}'s attachments with {@code added} laid over them (a NIC given again gets its new attachment). */
    static Map<String, NicAttachment> merged(SpiderEndpoint ep, Map<String, NicAttachment> added) {
        Map<String, NicAttachment> out = new HashMap<>(of(ep));
        out.putAll(added);
        return out;
    }

    /** {@code ep}'s attachments without {@code nics}. */
    static Map<String, NicAttachment> without(SpiderEndpoint ep, Set<String> nics) {
        Map<String, NicAttachment> out = new HashMap<>(of(ep));
        out.keySet().removeAll(nics);
        return out;
    }
}
