package io.spidernet.spiderpool.core.cni;

import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code CNI_ARGS} ({@code K=V;K=V}) with the keys kubelet and Multus set for Kubernetes pods.
 * Keys are case-sensitive. Any other key is kept in {@link #unknown()} rather than refused: the
 * runtimes add keys of their own and always send {@code IgnoreUnknown=1} anyway, so refusing
 * would only break hand-made invocations.
 *
 * <p>Like libcni, a pair must have exactly one '=' and a non-empty key; an empty value is fine.
 * A bad pair or value is a code-4 error naming the pair.
 *
 * @param podName K8S_POD_NAME, "" if absent
 * @param podNamespace K8S_POD_NAMESPACE, "" if absent
 * @param podInfraContainerId K8S_POD_INFRA_CONTAINER_ID, "" if absent
 * @param podUid K8S_POD_UID, "" if absent
 * @param ip IP (a requested address), null if absent or empty
 * @param ignoreUnknown IgnoreUnknown (1/true/0/false, any case)
 * @param unknown every other pair, in the order given
 */
public record CniArgs(String podName, String podNamespace, String podInfraContainerId, String podUid,
        IpAddress ip, boolean ignoreUnknown, Map<String, String> unknown) {

    public static final CniArgs EMPTY = new CniArgs("", "", "", "", null, false, Map.of());

    public CniArgs {
        unknown = Collections.unmodifiableMap(new LinkedHashMap<>(unknown));
    }

    public static CniArgs parse(String cniArgs) {
        if (cniArgs == null || cniArgs.isEmpty()) {
            return EMPTY;
        }
        Builder b = new Builder();
        for (String pair : cniArgs.split(";", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.indexOf('=', eq + 1) >= 0) {
                throw new CniError.InvalidEnvironment("CNI_ARGS has an invalid pair \"" + pair + "\"",
                        "CNI_ARGS must be KEY=VALUE pairs separated by ';', each with one '=' and a non-empty key,"
                                + " e.g. K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0");
            }
            b.put(pair.substring(0, eq), pair.substring(eq + 1), pair);
        }
        return b.build();
    }

    private static final class Builder {
        private String podName = "";
        private String podNamespace = "";
        private String infraContainerId = "";
        private String podUid = "";
        private IpAddress ip;
        private boolean ignoreUnknown;
        private final Map<String, String> unknown = new LinkedHashMap<>();

        void put(String key, String value, String pair) {
            switch (key) {
                case "K8S_POD_NAME" -> podName = value;
                case "K8S_POD_NAMESPACE" -> podNamespace = value;
                case "K8S_POD_INFRA_CONTAINER_ID" -> infraContainerId = value;
                case "K8S_POD_UID" -> podUid = value;
                case "IP" -> ip = value.isEmpty() ? null : ip(value, pair);
                case "IgnoreUnknown" -> ignoreUnknown = bool(value, pair);
                default -> unknown.put(key, value);
            }
        }

        CniArgs build() {
            return new CniArgs(podName, podNamespace, infraContainerId, podUid, ip, ignoreUnknown, unknown);
        }

        private static IpAddress ip(String value, String pair) {
            try {
                return IpAddress.parse(value);
            } catch (IpFormatException e) {
                throw new CniError.InvalidEnvironment("CNI_ARGS pair \"" + pair + "\" is not a valid IP: " + e.getMessage(),
                        "give a single IPv4 or IPv6 address without prefix length, e.g. IP=10.6.1.20");
            }
        }

        /** The same spellings libcni accepts, so a runtime's value means the same here. */
        private static boolean bool(String value, String pair) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "1", "true" -> {
                    return true;
                }
                case "0", "false" -> {
                    return false;
                }
                default -> throw new CniError.InvalidEnvironment(
                        "CNI_ARGS pair \"" + pair + "\" is not a boolean", "use 1, true, 0 or false");
            }
        }
    }
}
