package io.spidernet.spiderpool.agent.ipam;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.workload.EndpointNics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a workload holds, NIC by NIC: a SpiderEndpoint's {@code status.current} plus the names it is
 * filed under and the container that last asked. Release and Check read it to know what a
 * container holds without scanning pools. Keyed like a SpiderEndpoint: namespace and name.
 *
 * @param containerId the sandbox that last allocated; a DEL or CHECK from another sandbox of the
 *                    same pod does not touch it
 * @param networks    per NIC, the CNI network (netconf name) its ADD attached it to, for CNI GC; a NIC
 *                    recorded before ADD sent it (a state file of an older agent) has none and is never
 *                    released by GC
 */
@JsonPropertyOrder({"namespace", "name", "containerID", "current", "networks"})
public record EndpointRecord(String namespace, String name, String containerId, PodIPAllocation current,
                             Map<String, String> networks) {
    @JsonCreator
    public EndpointRecord(@JsonProperty("namespace") String namespace, @JsonProperty("name") String name,
                          @JsonProperty("containerID") String containerId,
                          @JsonProperty("current") PodIPAllocation current,
                          @JsonProperty("networks") Map<String, String> networks) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.containerId = containerId;
        Objects.requireNonNull(current, "current");
        this.current = new PodIPAllocation(current.uid(), current.node(), List.copyOf(current.ips()));
        this.networks = networks == null ? Map.of() : Map.copyOf(networks);
    }

    /** A record without network names. */
    public EndpointRecord(String namespace, String name, String containerId, PodIPAllocation current) {
        this(namespace, name, containerId, current, Map.of());
    }

    @Override
    @JsonProperty("namespace")
    public String namespace() {
        return namespace;
    }

    @Override
    @JsonProperty("name")
    public String name() {
        return name;
    }

    @Override
    @JsonProperty("containerID")
    public String containerId() {
        return containerId;
    }

    @Override
    @JsonProperty("current")
    public PodIPAllocation current() {
        return current;
    }

    /** Left out of the state file when empty, so a record without names reads as an older agent wrote it. */
    @Override
    @JsonProperty("networks")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Map<String, String> networks() {
        return networks;
    }

    /** The same record with {@code nic} recorded as attached to {@code network} (blank: nothing recorded). */
    public EndpointRecord withNetwork(String nic, String network) {
        if (network == null || network.isBlank() || network.equals(networks.get(nic))) {
            return this;
        }
        Map<String, String> next = new HashMap<>(networks);
        next.put(nic, network);
        return new EndpointRecord(namespace, name, containerId, current, next);
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
        return new EndpointRecord(namespace, name, newContainerId, new PodIPAllocation(current.uid(), current.node(),
                EndpointNics.replaceOrAppend(current.ips(), details)), networks);
    }

    /** The same record without this NIC. */
    public EndpointRecord withoutNic(String nic) {
        List<IPAllocationDetail> next = new ArrayList<>(current.ips());
        next.removeIf(d -> d.nic().equals(nic));
        Map<String, String> nextNetworks = new HashMap<>(networks);
        nextNetworks.remove(nic);
        return new EndpointRecord(namespace, name, containerId, new PodIPAllocation(current.uid(), current.node(), next),
                nextNetworks);
    }
}
