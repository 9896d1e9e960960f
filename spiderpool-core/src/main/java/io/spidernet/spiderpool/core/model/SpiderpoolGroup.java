package io.spidernet.spiderpool.core.model;

/** Names shared by every Spiderpool resource. */
public final class SpiderpoolGroup {
    public static final String GROUP = "spiderpool.spidernet.io";
    public static final String VERSION = "v2beta1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String CATEGORY = "spiderpool";
    /** The single finalizer every Spiderpool object uses. */
    public static final String FINALIZER = "spiderpool.spidernet.io";

    private SpiderpoolGroup() {}
}
