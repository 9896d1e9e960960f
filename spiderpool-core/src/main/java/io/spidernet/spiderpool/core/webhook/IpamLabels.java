package io.spidernet.spiderpool.core.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Label keys the webhooks write or read, spelled exactly as upstream does. */
public final class IpamLabels {
    private static final String PREFIX = "ipam.spidernet.io/";

    public static final String IPPOOL_CIDR = PREFIX + "ippool-cidr";
    public static final String SUBNET_CIDR = PREFIX + "subnet-cidr";
    public static final String OWNER_SPIDER_SUBNET = PREFIX + "owner-spider-subnet";
    /** Present only on pools created for an application, which is how upstream tells them apart. */
    public static final String OWNER_APPLICATION_NAME = PREFIX + "owner-application-name";

    /** The only podAffinity keys an auto-created pool may carry; they identify the application. */
    public static final List<String> AUTO_POOL_POD_AFFINITY_KEYS = List.of(
            PREFIX + "app-api-group",
            PREFIX + "app-api-version",
            PREFIX + "app-kind",
            PREFIX + "app-namespace",
            PREFIX + "app-name");

    private IpamLabels() {}

    /**
     * The label value for a CIDR: {@code 172.31.192.0/20} becomes {@code 172-31-192-0-20}. Upstream
     * replaces at most 3 dots, 7 colons and 1 slash, which is every one of them in a canonical CIDR,
     * so replacing all gives the same value ({@code fd00::/64} becomes {@code fd00---64}).
     */
    public static String cidrLabelValue(String cidr) {
        return cidr.replace('.', '-').replace(':', '-').replace('/', '-');
    }

    static boolean isAutoPool(Map<String, String> labels) {
        return labels != null && labels.containsKey(OWNER_APPLICATION_NAME);
    }

    static Optional<String> get(Map<String, String> labels, String key) {
        return labels == null ? Optional.empty() : Optional.ofNullable(labels.get(key));
    }
}
