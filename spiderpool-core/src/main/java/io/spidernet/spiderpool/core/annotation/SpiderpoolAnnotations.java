package io.spidernet.spiderpool.core.annotation;

/**
 * Every annotation and label key Spiderpool reads or writes for IPAM, in one place so that a key is
 * spelled once. The values are part of the user-facing contract with upstream Spiderpool: manifests
 * written for it must keep working unchanged.
 */
public final class SpiderpoolAnnotations {

    public static final String PREFIX = "ipam.spidernet.io";
    public static final String CNI_PREFIX = "cni.spidernet.io";

    /** The NIC a single-NIC annotation ({@link #SUBNET}) means when it names none. */
    public static final String DEFAULT_INTERFACE = "eth0";

    // Pod annotations
    public static final String IPPOOL = PREFIX + "/ippool";
    public static final String IPPOOLS = PREFIX + "/ippools";
    public static final String SUBNET = PREFIX + "/subnet";
    public static final String SUBNETS = PREFIX + "/subnets";
    public static final String ROUTES = PREFIX + "/routes";
    public static final String IPPOOL_IP_NUMBER = PREFIX + "/ippool-ip-number";
    public static final String IPPOOL_RECLAIM = PREFIX + "/ippool-reclaim";
    public static final String DEFAULT_ROUTE_NIC = PREFIX + "/default-route-nic";

    // Namespace annotations
    public static final String NS_DEFAULT_IPV4_IPPOOL = PREFIX + "/default-ipv4-ippool";
    public static final String NS_DEFAULT_IPV6_IPPOOL = PREFIX + "/default-ipv6-ippool";

    // Multus selection, read to resolve the NetworkAttachmentDefinition of a NIC
    public static final String MULTUS_DEFAULT_NETWORK = "v1.multus-cni.io/default-network";
    public static final String MULTUS_NETWORKS = "k8s.v1.cni.cncf.io/networks";

    // SpiderMultusConfig annotations (all are copied onto the rendered NetworkAttachmentDefinition)
    public static final String MULTUS_PREFIX = "multus.spidernet.io";
    /** Name of the NetworkAttachmentDefinition when it differs from the SpiderMultusConfig's. */
    public static final String MULTUS_CR_NAME = MULTUS_PREFIX + "/cr-name";
    /** {@code cniVersion} of the rendered conflist. */
    public static final String MULTUS_CNI_VERSION = MULTUS_PREFIX + "/cni-version";
    /** {@code name} of the rendered conflist when it differs from the NetworkAttachmentDefinition's. */
    public static final String CNI_CONFIG_NAME = CNI_PREFIX + "/cniconfig-name";
    /** Multus's own key on a NetworkAttachmentDefinition: the device-plugin resource a pod must request. */
    public static final String NAD_RESOURCE_NAME = "k8s.v1.cni.cncf.io/resourceName";

    // Pod (or namespace) triggers for the Pod mutating webhook
    public static final String RDMA_RESOURCE_INJECT = CNI_PREFIX + "/rdma-resource-inject";
    public static final String NETWORK_RESOURCE_INJECT = CNI_PREFIX + "/network-resource-inject";

    /** Set by KubeVirt on a live-migration target pod; IP conflict detection is skipped for it. */
    public static final String KUBEVIRT_MIGRATION_JOB_NAME = "kubevirt.io/migrationJobName";

    // Labels on auto-created pools; the IP number is written as an annotation with the pod key
    public static final String LABEL_OWNER_SPIDER_SUBNET = PREFIX + "/owner-spider-subnet";
    /** Owner apiVersion with '/' replaced by '_' (label values may not contain '/'), e.g. {@code apps_v1}. */
    public static final String LABEL_OWNER_APPLICATION_GV = PREFIX + "/owner-application-gv";
    public static final String LABEL_OWNER_APPLICATION_KIND = PREFIX + "/owner-application-kind";
    public static final String LABEL_OWNER_APPLICATION_NAMESPACE = PREFIX + "/owner-application-namespace";
    public static final String LABEL_OWNER_APPLICATION_NAME = PREFIX + "/owner-application-name";
    public static final String LABEL_OWNER_APPLICATION_UID = PREFIX + "/owner-application-uid";
    public static final String LABEL_INTERFACE = PREFIX + "/interface";
    /** Value {@code IPv4} or {@code IPv6}. */
    public static final String LABEL_IP_VERSION = PREFIX + "/ip-version";
    /** Same key as the pod annotation: the pool carries the pod's choice. */
    public static final String LABEL_IPPOOL_RECLAIM = IPPOOL_RECLAIM;
    public static final String LABEL_IPPOOL_CIDR = PREFIX + "/ippool-cidr";
    public static final String LABEL_SUBNET_CIDR = PREFIX + "/subnet-cidr";

    // podAffinity.matchLabels keys of auto-created pools, matched against the pod's top controller
    public static final String APP_API_GROUP = PREFIX + "/app-api-group";
    public static final String APP_API_VERSION = PREFIX + "/app-api-version";
    public static final String APP_KIND = PREFIX + "/app-kind";
    public static final String APP_NAMESPACE = PREFIX + "/app-namespace";
    public static final String APP_NAME = PREFIX + "/app-name";
    /** The only podAffinity keys an application's pool carries; they identify the application. */
    public static final java.util.List<String> APP_LABEL_KEYS =
            java.util.List.of(APP_API_GROUP, APP_API_VERSION, APP_KIND, APP_NAMESPACE, APP_NAME);

    private SpiderpoolAnnotations() {}
}
