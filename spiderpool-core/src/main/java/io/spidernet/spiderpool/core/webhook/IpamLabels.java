package io.spidernet.spiderpool.core.webhook;

import java.util.Map;
import java.util.Optional;

/** Label values the webhooks compute; the keys are in {@code SpiderpoolAnnotations}. */
public final class IpamLabels {
    private IpamLabels() {}

    /**
     * The label value for a CIDR: {@code 172.31.192.0/20} becomes {@code 172-31-192-0-20}. Upstream
     * replaces at most 3 dots, 7 colons and 1 slash, which is every one of them in a canonical CIDR,
     * so replacing all gives the same value ({@code fd00::/64} becomes {@code fd00---64}).
     */
    public static String cidrLabelValue(String cidr) {
        return cidr.replace('.', '-').replace(':', '-').replace('/', '-');
    }

    static Optional<String> get(Map<String, String> labels, String key) {
        return labels == null ? Optional.empty() : Optional.ofNullable(labels.get(key));
    }
}
