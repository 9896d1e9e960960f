package io.spidernet.spiderpool.core.cni;

/**
 * One attachment of a container to a network, as CNI names it: the CNI_CONTAINERID and CNI_IFNAME
 * of its ADD. GC's {@code cni.dev/valid-attachments} lists the ones still in use.
 */
public record CniAttachment(String containerId, String ifName) {
    /** The key of {@code cni.dev/valid-attachments} in a GC's configuration (spec 1.1.0). */
    public static final String VALID_ATTACHMENTS_KEY = "cni.dev/valid-attachments";
}
