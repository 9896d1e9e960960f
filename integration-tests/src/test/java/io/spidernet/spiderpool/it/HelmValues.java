package io.spidernet.spiderpool.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** The value sets the chart's tests render (Helm {@code --set} keys). */
final class HelmValues {
    private HelmValues() {}

    static final Map<String, String> DEFAULTS = Map.of();

    /** Dual stack with both cluster-default pools (and their subnets: spiderSubnet is on by default). */
    static final Map<String, String> DUAL_STACK_POOLS = ordered(
            "ipam.enableIPv4", "true", "ipam.enableIPv6", "true",
            "clusterDefaultPool.installIPv4IPPool", "true", "clusterDefaultPool.ipv4Subnet", "172.20.0.0/16",
            "clusterDefaultPool.ipv4IPRanges[0]", "172.20.0.10-172.20.0.200", "clusterDefaultPool.ipv4Gateway", "172.20.0.1",
            "clusterDefaultPool.installIPv6IPPool", "true", "clusterDefaultPool.ipv6Subnet", "fd00:20::/64",
            "clusterDefaultPool.ipv6IPRanges[0]", "fd00:20::10-fd00:20::200", "clusterDefaultPool.ipv6Gateway", "fd00:20::1");

    /** Metrics on for both apps, with the ServiceMonitors, PrometheusRules and the dashboard ConfigMap. */
    static final Map<String, String> METRICS = ordered(
            "spiderpoolAgent.prometheus.enabled", "true", "spiderpoolAgent.prometheus.serviceMonitor.install", "true",
            "spiderpoolAgent.prometheus.prometheusRule.install", "true",
            "spiderpoolController.prometheus.enabled", "true", "spiderpoolController.prometheus.serviceMonitor.install", "true",
            "spiderpoolController.prometheus.prometheusRule.install", "true",
            "grafanaDashboard.install", "true");

    /** A provided certificate (placeholders: rendering does not read them). */
    static final Map<String, String> TLS_PROVIDED = ordered(
            "spiderpoolController.tls.method", "provided", "spiderpoolController.tls.provided.tlsCa", "Q0E=",
            "spiderpoolController.tls.provided.tlsCert", "Q0VSVA==", "spiderpoolController.tls.provided.tlsKey", "S0VZ");

    static final Map<String, String> TLS_CERTMANAGER = ordered(
            "spiderpoolController.tls.method", "certmanager", "spiderpoolController.tls.certmanager.issuerName", "cluster-ca");

    static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new LinkedHashMap<>(a);
        out.putAll(b);
        return out;
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }
}
