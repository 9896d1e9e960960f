package io.spidernet.spiderpool.core.model;

import java.util.List;

/**
 * The address fields SpiderIPPool and SpiderSubnet specs share (upstream declares them twice),
 * so that one piece of webhook code defaults and normalises both.
 */
public interface AddressRangeSpec {
    IpVersion getIpVersion();

    void setIpVersion(IpVersion ipVersion);

    String getSubnet();

    List<String> getIps();

    void setIps(List<String> ips);

    List<String> getExcludeIPs();

    void setExcludeIPs(List<String> excludeIPs);

    String getGateway();

    List<Route> getRoutes();
}
