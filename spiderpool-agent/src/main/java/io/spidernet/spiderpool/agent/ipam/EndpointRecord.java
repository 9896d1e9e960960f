package io.spidernet.spiderpool.agent.ipam;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a workload holds, NIC by NIC: a SpiderEndpoint's {@code status.current} plus the names it is
 * filed under and the container that last asked. Release and Check read it to know what a
 * container holds without scanning pools. Keyed like a SpiderEndpoint: namespace and name.
 *
 * @param containerId the sandbox that last allocated; a DEL or CHECK from another sandbox of the
 *                    same pod does not touch it
 */
@JsonPropertyOrder({"namespace", "name", "containerID", "current"})
public record EndpointRecord(@JsonProperty("namespace") String namespace, @JsonProperty("name") String name,
                             @JsonProperty("containerID") String containerId,
                             @JsonProperty("current") PodIPAllocation current) {
    public EndpointRecord {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(current, "current");
        current = new PodIPAllocation(current.uid(), current.node(), List.copyOf(current.ips()));
    }

    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @JsonIgnore
    public String key() {
        return key(namespace, name);
    }

    @JsonIgnore
    public String uid() {
        return current.uid();
    }

    @JsonIgnore
    public List<IPAllocationDetail> nics() {
        return current.ips();
    }

    /** The pools a NIC's addresses come from (its IPv4 pool, its IPv6 pool, whichever it has). */
    public static List<String> poolsOf(IPAllocationDetail d) {
        List<String> pools = new ArrayList<>(2);
        if (d.ipv4Pool() != null) {
            pools.add(d.ipv4Pool());
        }
        if (d.ipv6Pool() != null) {
            pools.add(d.ipv6Pool());
        }
        return pools;
    }

    public Optional<IPAllocationDetail> nic(String nic) {
        return current.ips().stream().filter(d -> d.nic().equals(nic)).findFirst();
    }

    /** The same record with these NICs added or replaced (by name), keeping the order NICs first appeared in. */
    public EndpointRecord withNics(List<IPAllocationDetail> details, String newContainerId) {
        List<IPAllocationDetail> next = new ArrayList<>(current.ips());
        for (IPAllocationDetail d : details) {
            int at = indexOf(next, d.nic());
            if (at >= 0) {
                next.set(at, d);
            } else {
                next.add(d);
            }
        }
        return new EndpointRecord(namespace, name, newContainerId, new PodIPAllocation(current.uid(), current.node(), next));
    }

    /** The same record without this NIC. */
    public EndpointRecord withoutNic(String nic) {
        List<IPAllocationDetail> next = new ArrayList<>(current.ips());
        next.removeIf(d -> d.nic().equals(nic));
        return new EndpointRecord(namespace, name, containerId, new PodIPAllocation(current.uid(), current.node(), next));
    }

    private static int indexOf(List<IPAllocationDetail> details, String nic) {
        for (int i = 0; i < details.size(); i++) {
            if (details.get(i).nic().equals(nic)) {
                return i;
            }
        }
        return -1;
    }
}
