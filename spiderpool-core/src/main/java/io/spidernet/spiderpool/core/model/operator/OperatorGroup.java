package io.spidernet.spiderpool.core.model.operator;

/** Names of the operator's own API group and of what it marks on the objects it creates. */
public final class OperatorGroup {
    public static final String GROUP = "operator.spiderpool.spidernet.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** The one configuration object the operator honours (cluster-scoped, so one name is enough). */
    public static final String OBJECT_NAME = "spiderpool";
    /** Held on the Spiderpool object until the operator removed what it created. */
    public static final String FINALIZER = GROUP + "/cleanup";
    /** The label that makes an object the operator's; it never writes or deletes an object without it. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "spiderpool-operator";

    private OperatorGroup() {}
}
