package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniNames;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.ConfigFields;
import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.cni.JsonSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator's network configuration as the runtime wrote it to stdin (§4.2 of the upstream
 * notes). Only types are checked here; values are checked by {@link CoordinatorSettings#merge},
 * which also knows whether a value came from here or from the agent.
 *
 * <p>A setting that is null was not given and is inherited from the agent's coordinator config,
 * then from the built-in default. As upstream, an empty string or an empty list also counts as not
 * given (so {@code "hijackCIDR": []} inherits the SpiderCoordinator's list instead of clearing it).
 *
 * <p>Accepted and ignored, as upstream: {@code detectGateway}, {@code detectIPConflict},
 * {@code detectOptions} (detection moved to the IPAM plugin), {@code hostRPFilter} (the agent's job)
 * and {@code multusNicPrefix}.
 *
 * @param agentSocketPath     {@code ipam_unix_socket_path}: where the agent listens. Upstream's
 *                            coordinator ignores the key and always uses the default; we honour it so
 *                            the IPAM plugin and the coordinator of one node can be moved together
 * @param prevResult          the previous plugin's result as parsed, null when absent (DEL may omit it)
 * @param prevResultJson      the same, exactly as received, for printing it unchanged; null when absent
 */
public record CoordinatorNetConf(CniVersion cniVersion, String name, String type, String mode,
        Boolean tunePodRoutes, String podDefaultRouteNic, String podDefaultCniNic, String podMacPrefix,
        List<String> overlayPodCidr, List<String> serviceCidr, List<String> hijackCidr,
        List<PolicyRoute> policyRoutes, Long hostRuleTable, Long podRpFilter, Long txQueueLen,
        String vethLinkAddress, Long vethMtu, LogOptions logOptions, String agentSocketPath,
        Map<String, Object> prevResult, String prevResultJson) {

    public static final String DEFAULT_POD_CNI_NIC = "eth0";
    public static final String DEFAULT_AGENT_SOCKET_PATH = "/var/run/spidernet/spiderpool.sock";

    public CoordinatorNetConf {
        overlayPodCidr = copyOrNull(overlayPodCidr);
        serviceCidr = copyOrNull(serviceCidr);
        hijackCidr = copyOrNull(hijackCidr);
        policyRoutes = copyOrNull(policyRoutes);
    }

    /** One {@code policyRoutes} entry as written: {@code dst} an IP or CIDR, {@code gw} an IP. */
    public record PolicyRoute(String dst, String gw) {}

    /** {@code logOptions}: upstream's keys and defaults (level "debug"). */
    public record LogOptions(String level, String file, int maxSizeMb, int maxAgeDays, int maxCount) {
        public static final String DEFAULT_FILE = "/var/log/spidernet/coordinator.log";
        /** Upstream accepts these six, in any letter case. */
        public static final List<String> LEVELS = List.of("debug", "info", "warn", "error", "fatal", "panic");

        public static LogOptions defaults() {
            return new LogOptions("debug", DEFAULT_FILE, 100, 30, 10);
        }

        static LogOptions from(Map<String, Object> block) {
            if (block == null) {
                return defaults();
            }
            ConfigFields f = new ConfigFields(block, "logOptions.");
            LogOptions d = defaults();
            String given = f.string("logLevel", "");
            String level = given.isEmpty() ? d.level() : given.toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new CniError.InvalidNetworkConfig(
                        "\"logOptions.logLevel\" is \"" + given + "\" but must be one of " + String.join(", ", LEVELS),
                        "write e.g. \"logLevel\": \"info\" (any letter case)");
            }
            String file = f.string("logFile", "");
            return new LogOptions(level, file.isEmpty() ? d.file() : file,
                    f.nonNegativeInt("logMaxSize", d.maxSizeMb()), f.nonNegativeInt("logMaxAge", d.maxAgeDays()),
                    f.nonNegativeInt("logMaxCount", d.maxCount()));
        }
    }

    /** Parses stdin as the runtime sent it: strict UTF-8, then JSON, then the fields. */
    public static CoordinatorNetConf parse(byte[] stdin) {
        String text;
        Map<String, Object> root;
        try {
            text = JsonReader.decode(stdin);
            root = JsonReader.parseObject(text);
        } catch (JsonSyntaxException e) {
            throw new CniError.DecodingFailure(
                    "the network configuration on stdin is not valid JSON: " + e.getMessage(),
                    "fix the JSON of the network configuration (the conflist file or the"
                            + " NetworkAttachmentDefinition's spec.config)");
        }
        return from(root, JsonReader.rawMember(text, "prevResult"));
    }

    private static CoordinatorNetConf from(Map<String, Object> root, String prevResultJson) {
        ConfigFields f = new ConfigFields(root, "");
        CniVersion version = CniVersion.parse(f.string("cniVersion", null));
        String name = f.string("name", "");
        if (name.isEmpty()) {
            throw f.missing("name", "the network's name, e.g. \"macvlan-conf\"");
        }
        if (!CniNames.isValidName(name)) {
            throw new CniError.InvalidNetworkConfig("network name \"" + name + "\" has invalid characters",
                    "a network name must be " + CniNames.NAME_RULE);
        }
        ignored(f);
        Map<String, Object> prevResult = f.object("prevResult");
        return new CoordinatorNetConf(version, name, f.string("type", ""), given(f.string("mode", "")),
                f.optionalBool("tunePodRoutes"), given(f.string("podDefaultRouteNic", "")),
                orDefault(f.string("podDefaultCniNic", ""), DEFAULT_POD_CNI_NIC), given(f.string("podMACPrefix", "")),
                givenList(f.optionalStringList("overlayPodCIDR")), givenList(f.optionalStringList("serviceCIDR")),
                givenList(f.optionalStringList("hijackCIDR")), policyRoutes(f), f.optionalLong("hostRuleTable"),
                f.optionalLong("podRPFilter"), f.optionalLong("txQueueLen"), given(f.string("vethLinkAddress", "")),
                f.optionalLong("vethMTU"), LogOptions.from(f.object("logOptions")),
                orDefault(f.string("ipam_unix_socket_path", ""), DEFAULT_AGENT_SOCKET_PATH),
                prevResult, prevResult == null ? null : prevResultJson);
    }

    /** Read only so a value of the wrong type still fails loudly, as it does upstream; never used. */
    private static void ignored(ConfigFields f) {
        f.optionalBool("detectGateway");
        f.optionalBool("detectIPConflict");
        f.object("detectOptions");
        f.optionalLong("hostRPFilter");
        f.string("multusNicPrefix", "");
    }

    private static List<PolicyRoute> policyRoutes(ConfigFields f) {
        List<Map<String, Object>> items = f.optionalObjectList("policyRoutes",
                "[{\"dst\": \"10.20.0.0/16\", \"gw\": \"172.200.0.1\"}]");
        if (items == null || items.isEmpty()) {
            return null;
        }
        List<PolicyRoute> routes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ConfigFields item = new ConfigFields(items.get(i), "policyRoutes[" + i + "].");
            String dst = item.string("dst", "").strip();
            String gw = item.string("gw", "").strip();
            if (dst.isEmpty()) {
                throw item.missing("dst", "the destination IP or CIDR, e.g. \"10.20.0.0/16\"");
            }
            if (gw.isEmpty()) {
                throw item.missing("gw", "the next hop's IP, e.g. \"172.200.0.1\"");
            }
            routes.add(new PolicyRoute(dst, gw));
        }
        return routes;
    }

    private static String given(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String orDefault(String s, String dflt) {
        return s.isEmpty() ? dflt : s;
    }

    private static List<String> givenList(List<String> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static <T> List<T> copyOrNull(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }
}
