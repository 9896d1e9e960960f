package io.spidernet.spiderpool.core.multus;

/**
 * A SpiderMultusConfig the renderer cannot turn into a NetworkAttachmentDefinition. The webhook
 * should have refused it; this catches objects written while the webhook was down or bypassed.
 * Retrying does not help: the object must change.
 */
public final class MultusRenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field  the offending field in Kubernetes notation, e.g. {@code spec.macvlan.master}
     * @param detail what is wrong and what to write instead
     */
    public MultusRenderException(String field, String detail) {
        super(field + ": " + detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
