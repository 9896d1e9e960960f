package io.spidernet.spiderpool.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code conf.yml} document of upstream's {@code spiderpool-conf} ConfigMap, under upstream's key
 * names, with the Helm chart's defaults for keys the document leaves out (or sets to null).
 *
 * <p>Unknown keys are ignored: upstream adds keys release by release and a newer chart's document must
 * still start an older agent. A known key holding a value of the wrong type is refused with the key,
 * the value and the expected type, because guessing would silently flip an IPAM switch.
 *
 * @param ipamUnixSocketPath where the CNI plugin calls the agent
 * @param enableIPv4 families served
 * @param enableIPv6 families served
 * @param enableStatefulSet StatefulSet pods keep their addresses
 * @param enableKubevirtStaticIP KubeVirt VMs keep their addresses
 * @param enableCleanOutdatedEndpoint GC of SpiderEndpoints whose pod is gone
 * @param enableSpiderSubnet the SpiderSubnet feature
 * @param enableAutoPoolForApplication pools created per application from a subnet
 * @param enableIPConflictDetection the plugin probes each address for a conflict
 * @param enableGatewayDetection the plugin probes the gateway
 * @param enableValidatingResourcesDeletedWebhook pools and subnets in use cannot be deleted
 * @param clusterSubnetDefaultFlexibleIPNumber the default {@code +N} spare addresses of an auto-pool
 * @param tuneSysctlConfig the agent sets the neighbour, forwarding and rp_filter sysctls
 * @param podResourceInject the Pod webhook injecting network resources
 * @param iaasNetworkProvider an external IaaS IPAM; no server URL means none
 */
public record SpiderpoolConfFile(
        String ipamUnixSocketPath,
        boolean enableIPv4,
        boolean enableIPv6,
        boolean enableStatefulSet,
        boolean enableKubevirtStaticIP,
        boolean enableCleanOutdatedEndpoint,
        boolean enableSpiderSubnet,
        boolean enableAutoPoolForApplication,
        boolean enableIPConflictDetection,
        boolean enableGatewayDetection,
        boolean enableValidatingResourcesDeletedWebhook,
        int clusterSubnetDefaultFlexibleIPNumber,
        boolean tuneSysctlConfig,
        PodResourceInject podResourceInject,
        IaasNetworkProvider iaasNetworkProvider) {

    /** The chart's key for the flexible-IP default. */
    static final String FLEXIBLE_IP_KEY = "clusterSubnetDefaultFlexibleIPNumber";
    /** The key upstream's Go code reads for the same setting (its chart never writes it). */
    static final String FLEXIBLE_IP_CODE_KEY = "clusterSubnetAutoPoolDefaultRedundantIPNumber";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** @param enabled whether the Pod webhook injects resources at all */
    public record PodResourceInject(boolean enabled, List<String> namespacesExclude, List<String> namespacesInclude) {
        public PodResourceInject {
            namespacesExclude = List.copyOf(namespacesExclude);
            namespacesInclude = List.copyOf(namespacesInclude);
        }

        static PodResourceInject defaults() {
            return new PodResourceInject(false,
                    List.of("kube-system", "spiderpool", "metallb-system", "istio-system"), List.of());
        }
    }

    /** @param serverUrl empty when no IaaS provider is configured */
    public record IaasNetworkProvider(String serverUrl, Duration httpRequestTimeout) {
        public boolean configured() {
            return !serverUrl.isEmpty();
        }

        static IaasNetworkProvider defaults() {
            return new IaasNetworkProvider("", Duration.ofSeconds(50));
        }
    }

    /** The document as the chart renders it when every value is left at its default. */
    public static SpiderpoolConfFile defaults() {
        return parse("");
    }

    /**
     * Refuses a conf.yml of {@code bytes} before an app reads it ({@link BoundedYaml#MAX_BYTES}, what
     * the ConfigMap it comes from can hold); {@code source} names the file.
     */
    public static void checkSize(long bytes, String source) {
        try {
            BoundedYaml.checkSize(bytes, source);
        } catch (YamlLimitException e) {
            throw new ConfFileException(e.getMessage(), e);
        }
    }

    /**
     * The document's text, as an app read it from the mounted ConfigMap ({@code source} names the file
     * in errors); core reads no files. Read within {@link BoundedYaml}'s bounds.
     */
    public static SpiderpoolConfFile parse(String yaml, String source) {
        try {
            return parse(yaml);
        } catch (ConfFileException e) {
            throw new ConfFileException(source + ": " + e.getMessage(), e);
        }
    }

    public static SpiderpoolConfFile parse(String yaml) {
        List<JsonNode> docs;
        try {
            docs = BoundedYaml.documents(yaml, "conf.yml");
        } catch (YamlLimitException e) {
            throw new ConfFileException(e.getMessage(), e);
        } catch (JacksonException e) {
            throw new ConfFileException("conf.yml is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfFileException("conf.yml is not valid YAML: " + e.getMessage(), e);
        }
        // the first document, as upstream's YAML decoder reads it
        JsonNode root = docs.isEmpty() ? YAML.createObjectNode() : docs.getFirst();
        if (!root.isObject()) {
            throw new ConfFileException("conf.yml must be a mapping of keys to values, not " + describe(root));
        }
        return fromDocument(new Keys(root, ""));
    }

    private static SpiderpoolConfFile fromDocument(Keys doc) {
        boolean subnet = doc.bool("enableSpiderSubnet", true);
        boolean autoPool = doc.bool("enableAutoPoolForApplication", true);
        return new SpiderpoolConfFile(
                doc.string("ipamUnixSocketPath", "/var/run/spidernet/spiderpool.sock"),
                doc.bool("enableIPv4", true),
                doc.bool("enableIPv6", true),
                doc.bool("enableStatefulSet", true),
                doc.bool("enableKubevirtStaticIP", true),
                doc.bool("enableCleanOutdatedEndpoint", false),
                subnet,
                autoPool,
                doc.bool("enableIPConflictDetection", false),
                doc.bool("enableGatewayDetection", false),
                doc.bool("enableValidatingResourcesDeletedWebhook", false),
                flexibleIPNumber(doc, subnet && autoPool),
                doc.bool("tuneSysctlConfig", true),
                podResourceInject(doc.section("podResourceInject")),
                iaasNetworkProvider(doc.section("iaasNetworkProvider")));
    }

    /**
     * Upstream's chart writes {@link #FLEXIBLE_IP_KEY} while its Go code reads {@link #FLEXIBLE_IP_CODE_KEY},
     * so upstream always ends up with 0 and the chart's value is lost. We read both: the chart's key wins
     * when both are present, since that is the one operators set through Helm. With neither, the chart's
     * default applies: 1 when auto-pools are on, else 0.
     */
    private static int flexibleIPNumber(Keys doc, boolean autoPools) {
        int fallback = doc.integer(FLEXIBLE_IP_CODE_KEY, autoPools ? 1 : 0);
        int n = doc.integer(FLEXIBLE_IP_KEY, fallback);
        if (n < 0) {
            throw new ConfFileException("conf.yml key " + FLEXIBLE_IP_KEY + ": value " + n
                    + " is negative; expected a count of spare addresses, 0 or more");
        }
        return n;
    }

    private static PodResourceInject podResourceInject(Keys s) {
        PodResourceInject d = PodResourceInject.defaults();
        return new PodResourceInject(s.bool("enabled", d.enabled()),
                s.strings("namespacesExclude", d.namespacesExclude()),
                s.strings("namespacesInclude", d.namespacesInclude()));
    }

    private static IaasNetworkProvider iaasNetworkProvider(Keys s) {
        IaasNetworkProvider d = IaasNetworkProvider.defaults();
        return new IaasNetworkProvider(s.string("serverUrl", d.serverUrl()),
                s.duration("httpRequestTimeout", d.httpRequestTimeout()));
    }

    /**
     * The IPAM switches core needs. The record cap comes from the agent's environment
     * ({@code SPIDERPOOL_IPPOOL_MAX_ALLOCATED_IPS}), not from this document.
     */
    public SpiderpoolConf ipam(int maxAllocatedIPs) {
        return new SpiderpoolConf(enableIPv4, enableIPv6, enableStatefulSet, enableKubevirtStaticIP,
                enableSpiderSubnet, enableAutoPoolForApplication, enableIPConflictDetection, enableGatewayDetection,
                enableValidatingResourcesDeletedWebhook, maxAllocatedIPs, clusterSubnetDefaultFlexibleIPNumber);
    }

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.asText() + "\" (a string)";
        }
        if (value.isContainerNode()) {
            return value + (value.isArray() ? " (a list)" : " (a mapping)");
        }
        String kind = value.isBoolean() ? "a boolean" : value.isNumber() ? "a number" : "null";
        return value + " (" + kind + ")";
    }

    /** Typed reads of one mapping; absent and null keys give the default. */
    private record Keys(JsonNode node, String path) {

        private JsonNode get(String key) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        private ConfFileException wrong(String key, JsonNode v, String expected) {
            return new ConfFileException("conf.yml key " + path + key + ": value " + describe(v)
                    + " is not " + expected);
        }

        boolean bool(String key, boolean fallback) {
            JsonNode v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw wrong(key, v, "a boolean (true or false)");
            }
            return v.booleanValue();
        }

        int integer(String key, int fallback) {
            JsonNode v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw wrong(key, v, "an integer");
            }
            return v.intValue();
        }

        String string(String key, String fallback) {
            JsonNode v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isTextual()) {
                throw wrong(key, v, "a string");
            }
            return v.textValue();
        }

        List<String> strings(String key, List<String> fallback) {
            JsonNode v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isArray()) {
                throw wrong(key, v, "a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw wrong(key, v, "a list of strings");
                }
                out.add(item.textValue());
            }
            return out;
        }

        Duration duration(String key, Duration fallback) {
            JsonNode v = get(key);
            if (v == null) {
                return fallback;
            }
            if (!v.isTextual()) {
                throw wrong(key, v, "a duration such as \"50s\"");
            }
            return GoDuration.parse(v.textValue()).orElseThrow(() -> wrong(key, v, "a duration such as \"50s\""));
        }

        Keys section(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return new Keys(YAML.createObjectNode(), path + key + ".");
            }
            if (!v.isObject()) {
                throw wrong(key, v, "a mapping");
            }
            return new Keys(v, path + key + ".");
        }
    }
}
