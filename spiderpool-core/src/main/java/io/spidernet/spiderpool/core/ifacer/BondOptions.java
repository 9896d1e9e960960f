package io.spidernet.spiderpool.core.ifacer;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bond.options} parsed: {@code "k1=v1;k2=v2"} into the known options, in the order written,
 * each value checked for its type and normalised.
 *
 * <p>Upstream skips pairs it cannot split and keys it does not know without a word, so a typo such
 * as {@code mimon=100} silently yields a bond without link monitoring. Those pairs are skipped here
 * too (existing configurations keep working) but listed in {@link #ignored()}, which the plugin
 * prints as a warning. A known key with a bad value fails the whole configuration, as upstream's
 * JSON decoding does, but the message names the key.
 *
 * @param values option key (upstream's spelling) to normalised value, in the order written
 * @param ignored the pairs skipped, each with why
 */
public record BondOptions(Map<String, String> values, List<Ignored> ignored) {
    /** Longer option strings are refused: every known option written out fits in well under 1 KiB. */
    public static final int MAX_BYTES = 4096;

    public static final BondOptions NONE = new BondOptions(Map.of(), List.of());

    /** A pair that was skipped, as written, and why. */
    public record Ignored(String pair, String reason) {
        public String text() {
            return "'" + pair + "' (" + reason + ")";
        }
    }

    public BondOptions {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        ignored = List.copyOf(ignored);
    }

    /** The value of {@code option}, or null when it was not given. */
    public String get(BondOption option) {
        return values.get(option.key());
    }

    /** The options keyed by the bonding driver's names, for the netlink layer, in the order written. */
    public Map<String, String> kernelOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(BondOption.find(k).kernelName(), v));
        return Collections.unmodifiableMap(out);
    }

    /** Parses {@code text} (null or blank: no options); {@code field} names it in messages. */
    public static BondOptions parse(String text, String field) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new CniError.InvalidNetworkConfig("\"" + field + "\" is " + bytes + " bytes long, more than "
                    + MAX_BYTES, "write only the options the bond needs, as key=value pairs separated by ';'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> written = new LinkedHashMap<>();
        List<Ignored> ignored = new ArrayList<>();
        for (String raw : text.split(";", -1)) {
            String pair = raw.strip();
            if (pair.isEmpty()) {
                continue; // "a=1;" or ";;": nothing was meant
            }
            int eq = pair.indexOf('=');
            if (eq < 0 || pair.indexOf('=', eq + 1) >= 0) {
                ignored.add(new Ignored(pair, "not key=value"));
                continue;
            }
            String key = pair.substring(0, eq).strip();
            BondOption option = BondOption.find(key);
            if (option == null) {
                ignored.add(new Ignored(pair, "not a bond option ifacer knows"));
                continue;
            }
            String value = normalise(option, pair.substring(eq + 1).strip(), field);
            String earlier = written.remove(key);
            if (earlier != null) {
                ignored.add(new Ignored(earlier, "overridden by the later " + pair));
                values.remove(key);
            }
            written.put(key, pair);
            values.put(key, value);
        }
        return new BondOptions(values, ignored);
    }

    private static String normalise(BondOption option, String value, String field) {
        if (value.isEmpty()) {
            throw invalid(option, value, field, "it has no value");
        }
        return switch (option.type()) {
            case INTEGER -> integer(option, value, field);
            case MAC -> mac(option, value, field);
            case IPV4_LIST -> ipv4List(option, value, field);
            case INTERFACE -> {
                if (!IfacerNetConf.isInterfaceName(value)) {
                    throw invalid(option, value, field,
                            "it is not a valid interface name (" + IfacerNetConf.IFNAME_RULE + ")");
                }
                yield value;
            }
        };
    }

    private static String integer(BondOption option, String value, String field) {
        String range = "a whole number from " + option.min() + " to " + option.max();
        if (value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(option, value, field, "it must be " + range);
        }
        long n = Long.parseLong(value);
        if (n < option.min() || n > option.max()) {
            throw invalid(option, value, field, "it must be " + range);
        }
        return Long.toString(n);
    }

    /** Six octets, all ':' or all '-' separated; the kernel refuses multicast and all-zero addresses. */
    private static String mac(BondOption option, String value, String field) {
        String sep = value.indexOf('-') >= 0 ? "-" : ":";
        String[] octets = value.split(sep, -1);
        boolean wellFormed = octets.length == 6;
        for (int i = 0; wellFormed && i < octets.length; i++) {
            wellFormed = octets[i].length() == 2 && octets[i].chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        if (!wellFormed) {
            throw invalid(option, value, field, "it must be a MAC address of six hex octets, e.g. 02:00:00:00:00:01");
        }
        String mac = String.join(":", octets).toLowerCase(Locale.ROOT);
        if ((Integer.parseInt(octets[0], 16) & 1) != 0 || mac.equals("00:00:00:00:00:00")) {
            throw invalid(option, value, field, "it must be a unicast, non-zero MAC address, e.g. 02:00:00:00:00:01");
        }
        return mac;
    }

    private static String ipv4List(BondOption option, String value, String field) {
        String list = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        Set<String> targets = new LinkedHashSet<>();
        for (String raw : list.split(",", -1)) {
            String entry = unquote(raw.strip());
            IpAddress ip;
            try {
                ip = IpAddress.parse(entry, IpFamily.V4);
            } catch (IpFormatException e) {
                throw invalid(option, value, field,
                        e.getMessage() + "; write IPv4 addresses separated by ',', e.g. [192.0.2.1,192.0.2.2]");
            }
            long v = ip.value().longValue();
            if (v >>> 24 == 0 || v == 0xFFFF_FFFFL) {
                throw invalid(option, value, field, "'" + entry + "' cannot be an ARP target (0.0.0.0/8 or broadcast)");
            }
            if (!targets.add(ip.toString())) {
                throw invalid(option, value, field, "'" + entry + "' is listed twice");
            }
        }
        if (targets.size() > BondOption.MAX_ARP_TARGETS) {
            throw invalid(option, value, field, "it lists " + targets.size() + " addresses; the kernel takes at most "
                    + BondOption.MAX_ARP_TARGETS);
        }
        return String.join(",", targets);
    }

    /** Upstream decodes the list as JSON, so configs written for it quote each address. */
    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static CniError.InvalidNetworkConfig invalid(BondOption option, String value, String field, String why) {
        return new CniError.InvalidNetworkConfig(
                "bond option " + option.key() + "=" + value + " in \"" + field + "\" is not valid: " + why,
                "correct " + option.key() + " in \"" + field + "\" (key=value pairs separated by ';'), or remove it");
    }

    /** The keys ifacer knows, for the warning about ignored pairs. */
    public static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (BondOption o : BondOption.values()) {
            keys.add(o.key());
        }
        return String.join(", ", keys);
    }
}
