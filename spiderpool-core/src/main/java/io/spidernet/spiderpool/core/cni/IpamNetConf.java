package io.spidernet.spiderpool.core.cni;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The network configuration a runtime writes to the IPAM plugin's stdin, reduced to what
 * Spiderpool reads: the top-level {@code cniVersion}, {@code name}, {@code type},
 * {@code prevResult} and {@code runtimeConfig}, and the {@code ipam} block. Keys it does not know
 * are ignored at every level, because the main plugin's own settings sit in the same document.
 *
 * <p>Errors: not JSON → code 6; unsupported {@code cniVersion} → code 1; a missing or mistyped
 * field → code 7 naming the key, the value and the expected type.
 *
 * @param type the main plugin's type (e.g. "macvlan"), "" if absent
 * @param prevResult the previous plugin's result as parsed, or null
 * @param runtimeConfig the runtime's capability arguments as parsed, empty if absent
 * @param validAttachments GC's {@code cni.dev/valid-attachments}, empty if absent
 */
public record IpamNetConf(CniVersion cniVersion, String name, String type, Ipam ipam,
        Map<String, Object> prevResult, Map<String, Object> runtimeConfig, List<CniAttachment> validAttachments) {

    /**
     * The {@code ipam} block. Key names and defaults are upstream's (the log level defaults to
     * "debug" as upstream code does, not "INFO" as its docs say), so existing configs carry over.
     * An empty string counts as absent for the string settings, as in upstream.
     */
    public record Ipam(String type, String logLevel, String logFilePath, int logFileMaxSizeMb,
            int logFileMaxAgeDays, int logFileMaxCount, List<String> defaultIpv4IpPools,
            List<String> defaultIpv6IpPools, boolean cleanGateway, boolean matchMasterSubnet,
            String unixSocketPath) {

        public static final String DEFAULT_LOG_LEVEL = "debug";
        public static final String DEFAULT_LOG_FILE_PATH = "/var/log/spidernet/spiderpool.log";
        public static final int DEFAULT_LOG_FILE_MAX_SIZE_MB = 100;
        public static final int DEFAULT_LOG_FILE_MAX_AGE_DAYS = 30;
        public static final int DEFAULT_LOG_FILE_MAX_COUNT = 10;
        public static final String DEFAULT_UNIX_SOCKET_PATH = "/var/run/spidernet/spiderpool.sock";

        /** Upstream's documented levels; any letter case is accepted and stored in lower case. */
        public static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");

        public Ipam {
            defaultIpv4IpPools = List.copyOf(defaultIpv4IpPools);
            defaultIpv6IpPools = List.copyOf(defaultIpv6IpPools);
        }

        static Ipam from(ConfigFields f) {
            return new Ipam(
                    f.string("type", ""),
                    logLevel(f.string("log_level", "")),
                    nonEmpty(f.string("log_file_path", ""), DEFAULT_LOG_FILE_PATH),
                    f.nonNegativeInt("log_file_max_size", DEFAULT_LOG_FILE_MAX_SIZE_MB),
                    f.nonNegativeInt("log_file_max_age", DEFAULT_LOG_FILE_MAX_AGE_DAYS),
                    f.nonNegativeInt("log_file_max_count", DEFAULT_LOG_FILE_MAX_COUNT),
                    f.stringList("default_ipv4_ippool"),
                    f.stringList("default_ipv6_ippool"),
                    f.bool("clean_gateway", false),
                    f.bool("match_master_subnet", false),
                    nonEmpty(f.string("ipam_unix_socket_path", ""), DEFAULT_UNIX_SOCKET_PATH));
        }

        private static String logLevel(String given) {
            if (given.isEmpty()) {
                return DEFAULT_LOG_LEVEL;
            }
            String level = given.toLowerCase(Locale.ROOT);
            if (!LOG_LEVELS.contains(level)) {
                throw new CniError.InvalidNetworkConfig(
                        "\"ipam.log_level\" is \"" + given + "\" but must be one of " + String.join(", ", LOG_LEVELS),
                        "any letter case is accepted, e.g. \"info\" or \"INFO\"");
            }
            return level;
        }

        private static String nonEmpty(String given, String dflt) {
            return given.isEmpty() ? dflt : given;
        }
    }

    public IpamNetConf {
        runtimeConfig = runtimeConfig == null ? new LinkedHashMap<>() : runtimeConfig;
        validAttachments = validAttachments == null ? List.of() : List.copyOf(validAttachments);
    }

    /** Parses stdin as the runtime sent it: strict UTF-8, then JSON, then the fields. */
    public static IpamNetConf parse(byte[] stdin) {
        Map<String, Object> root;
        try {
            root = JsonReader.parseObject(stdin);
        } catch (JsonSyntaxException e) {
            throw notJson(e);
        }
        return from(root);
    }

    public static IpamNetConf parse(String stdin) {
        Map<String, Object> root;
        try {
            root = JsonReader.parseObject(stdin);
        } catch (JsonSyntaxException e) {
            throw notJson(e);
        }
        return from(root);
    }

    static IpamNetConf from(Map<String, Object> root) {
        ConfigFields top = new ConfigFields(root, "");
        CniVersion version = CniVersion.parse(top.string("cniVersion", null));
        String name = top.networkName();
        Map<String, Object> ipam = top.object("ipam");
        if (ipam == null) {
            throw top.missing("ipam", "{\"type\": \"spiderpool\"} with the settings of the spiderpool IPAM plugin");
        }
        return new IpamNetConf(version, name, top.string("type", ""),
                Ipam.from(new ConfigFields(ipam, "ipam.")), top.object("prevResult"), top.object("runtimeConfig"),
                top.attachments(CniAttachment.VALID_ATTACHMENTS_KEY));
    }

    private static CniError.DecodingFailure notJson(JsonSyntaxException e) {
        return new CniError.DecodingFailure("the network configuration on stdin is not valid JSON: " + e.getMessage(),
                "fix the JSON of the network configuration (the conflist file or the NetworkAttachmentDefinition's"
                        + " spec.config)");
    }
}
