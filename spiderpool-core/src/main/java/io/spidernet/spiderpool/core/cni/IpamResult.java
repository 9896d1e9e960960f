package io.spidernet.spiderpool.core.cni;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an IPAM ADD returns, independent of the CNI version it is printed in. As the spec asks of
 * delegated IPAM plugins it has no {@code interfaces}; an IP may still carry an interface index for
 * callers that build a full result.
 *
 * <p>{@link #toJsonMap} follows libcni's encoding for each version, field order included:
 * {@code cniVersion, ips, routes, dns}; each IP is {@code [version,] [interface,] address, [gateway]}
 * with {@code version} ("4"/"6") up to 0.4.0 only; empty {@code ips}/{@code routes} are left out;
 * {@code dns} is always present, as {@code {}} when empty, which is what the reference plugins
 * print. Routes carry {@code dst} and {@code gw} only: mtu, advmss, priority, table and scope
 * arrived in spec 1.1.0 as optional fields and this plugin sets none, so a 1.1.0 result has 1.0.0's
 * shape.
 */
public record IpamResult(List<Ip> ips, List<Route> routes, Dns dns) {

    public IpamResult {
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        Objects.requireNonNull(dns, "dns");
    }

    /**
     * @param address the pod's address with the subnet's prefix length, e.g. 10.6.1.20/24
     * @param gateway the subnet's gateway, or null when it has none
     * @param interfaceIndex index into the final result's interfaces, or null (always, from IPAM)
     */
    public record Ip(Cidr address, IpAddress gateway, Integer interfaceIndex) {
        public Ip {
            Objects.requireNonNull(address, "address");
            if (gateway != null && gateway.family() != address.family()) {
                throw new IllegalArgumentException("gateway " + gateway + " is not in the family of " + address);
            }
            if (interfaceIndex != null && interfaceIndex < 0) {
                throw new IllegalArgumentException("interface index must be >= 0, got " + interfaceIndex);
            }
        }

        /** Convenience for the common case; a null or empty gateway means none. */
        public static Ip of(String cidr, String gateway) {
            return new Ip(Cidr.parse(cidr), gateway == null || gateway.isEmpty() ? null : IpAddress.parse(gateway), null);
        }
    }

    /** @param gw the next hop, or null to use the gateway of the matching IP */
    public record Route(Cidr dst, IpAddress gw) {
        public Route {
            Objects.requireNonNull(dst, "dst");
            if (gw != null && gw.family() != dst.family()) {
                throw new IllegalArgumentException("next hop " + gw + " is not in the family of " + dst);
            }
        }

        public static Route of(String dst, String gw) {
            return new Route(Cidr.parse(dst), gw == null || gw.isEmpty() ? null : IpAddress.parse(gw));
        }
    }

    /** Empty lists and an empty domain are left out of the JSON. */
    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
        public static final Dns EMPTY = new Dns(List.of(), "", List.of(), List.of());

        public Dns {
            nameservers = List.copyOf(nameservers);
            domain = domain == null ? "" : domain;
            search = List.copyOf(search);
            options = List.copyOf(options);
        }

        Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            putIfNotEmpty(m, "nameservers", nameservers);
            if (!domain.isEmpty()) {
                m.put("domain", domain);
            }
            putIfNotEmpty(m, "search", search);
            putIfNotEmpty(m, "options", options);
            return m;
        }
    }

    public Map<String, Object> toJsonMap(CniVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", version.text());
        List<Object> ipList = new ArrayList<>(ips.size());
        for (Ip ip : ips) {
            ipList.add(ipJson(ip, version));
        }
        putIfNotEmpty(m, "ips", ipList);
        List<Object> routeList = new ArrayList<>(routes.size());
        for (Route r : routes) {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("dst", r.dst().toString());
            if (r.gw() != null) {
                route.put("gw", r.gw().toString());
            }
            routeList.add(route);
        }
        putIfNotEmpty(m, "routes", routeList);
        m.put("dns", dns.toJsonMap());
        return m;
    }

    public String toJson(CniVersion version) {
        return JsonWriter.write(toJsonMap(version));
    }

    private static Map<String, Object> ipJson(Ip ip, CniVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (version.ipsCarryVersion()) {
            m.put("version", ip.address().address().isV4() ? "4" : "6");
        }
        if (ip.interfaceIndex() != null) {
            m.put("interface", ip.interfaceIndex());
        }
        m.put("address", ip.address().toString());
        if (ip.gateway() != null) {
            m.put("gateway", ip.gateway().toString());
        }
        return m;
    }

    private static void putIfNotEmpty(Map<String, Object> m, String key, List<?> list) {
        if (!list.isEmpty()) {
            m.put(key, list);
        }
    }
}
