package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.multus.BondConfig;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.IbSriovConfig;
import io.spidernet.spiderpool.core.model.multus.IpoibConfig;
import io.spidernet.spiderpool.core.model.multus.LinkState;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.OvsConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import io.spidernet.spiderpool.core.model.multus.SriovConfig;
import io.spidernet.spiderpool.core.model.multus.VlanConfig;
import io.spidernet.spiderpool.core.model.multus.VlanMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Defaults a SpiderMultusConfig as upstream's mutating webhook does (research notes §7.1, §7.3):
 * {@code cniType} custom, the set sub-block's unset switches, {@code enableCoordinator} (false and no
 * coordinator block for custom), an empty {@code chainCNIJsonData}, and the two resource-inject
 * annotations copied to labels so the Pod webhook can select SpiderMultusConfigs by them.
 *
 * <p>One deliberate departure (§12 items 2 and 3): upstream fills the {@code coordinator} block
 * ({@code mode: auto}, and {@code tunePodRoutes: false} when the block exists), and because the
 * rendered NAD then always carries those keys, the cluster's SpiderCoordinator never applies to a
 * SpiderMultusConfig's network. Here the block is left as the user wrote it: the renderer emits only
 * the fields set, and the coordinator plugin takes every other field from the SpiderCoordinator.
 */
public final class MultusConfigMutator {
    static final List<String> INJECT_ANNOTATIONS = List.of(SpiderpoolAnnotations.RDMA_RESOURCE_INJECT,
            SpiderpoolAnnotations.NETWORK_RESOURCE_INJECT);

    /** @param config the object from the request; not modified */
    public Mutation<SpiderMultusConfig> mutate(SpiderMultusConfig config) {
        SpiderMultusConfig copy = Copies.deepCopy(config, SpiderMultusConfig.class);
        if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
        }
        if (copy.getSpec() == null) {
            copy.setSpec(new MultusConfigSpec());
        }
        MultusConfigSpec spec = copy.getSpec();
        if (spec.getCniType() == null) {
            spec.setCniType(CniType.CUSTOM);
        }
        subBlockDefaults(spec);
        if (spec.getCniType() == CniType.CUSTOM) {
            // the custom config is used verbatim: no coordinator is chained to it
            spec.setCoordinator(null);
            spec.setEnableCoordinator(false);
        } else if (spec.getEnableCoordinator() == null) {
            spec.setEnableCoordinator(true);
        }
        if (spec.getChainCNIJsonData() == null) {
            spec.setChainCNIJsonData(List.of());
        }
        injectLabels(copy.getMetadata());
        return new Mutation<>(copy, List.of());
    }

    /** Only the block of {@code cniType} is defaulted; another block set is left for the validator to refuse. */
    private static void subBlockDefaults(MultusConfigSpec spec) {
        switch (spec.getCniType()) {
            case MACVLAN -> spec.setMacvlan(masterLink(spec.getMacvlan()));
            case IPVLAN -> spec.setIpvlan(masterLink(spec.getIpvlan()));
            case VLAN -> spec.setVlan(vlan(spec.getVlan()));
            case SRIOV -> spec.setSriov(sriov(spec.getSriov()));
            case IB_SRIOV -> spec.setIbsriov(ibSriov(spec.getIbsriov()));
            case IPOIB -> spec.setIpoib(spec.getIpoib() == null ? null
                    : new IpoibConfig(spec.getIpoib().master(), pools(spec.getIpoib().ippools(), false)));
            case OVS -> spec.setOvs(ovs(spec.getOvs()));
            case CUSTOM -> spec.setCustomCNI(Objects.requireNonNullElse(spec.getCustomCNI(), ""));
        }
    }

    private static MasterLinkConfig masterLink(MasterLinkConfig c) {
        return c == null ? null : new MasterLinkConfig(c.master(), orElse(c.mtu(), 0), orElse(c.vlanID(), 0), bond(c.bond()),
                Objects.requireNonNullElse(c.rdmaResourceName(), ""), pools(c.ippools(), false));
    }

    private static VlanConfig vlan(VlanConfig c) {
        if (c == null) {
            return null;
        }
        VlanMode mode = Objects.requireNonNullElse(c.vlanMode(), VlanMode.MANUAL);
        // auto mode takes the VLAN from outside, so it gets no vlanID; the validator refuses one written
        Integer vlanId = mode == VlanMode.MANUAL ? orElse(c.vlanID(), 0) : c.vlanID();
        return new VlanConfig(c.master(), orElse(c.mtu(), 0), mode, vlanId, bond(c.bond()),
                Objects.requireNonNullElse(c.rdmaResourceName(), ""), pools(c.ippools(), false));
    }

    private static SriovConfig sriov(SriovConfig c) {
        return c == null ? null : new SriovConfig(Objects.requireNonNullElse(c.resourceName(), ""), orElse(c.vlanID(), 0),
                orElse(c.mtu(), 0), orElse(c.minTxRateMbps(), 0), orElse(c.maxTxRateMbps(), 0),
                Objects.requireNonNullElse(c.rdmaIsolation(), false), pools(c.ippools(), true));
    }

    /** RDMA isolation is on by default for InfiniBand VFs, unlike Ethernet ones. */
    private static IbSriovConfig ibSriov(IbSriovConfig c) {
        return c == null ? null : new IbSriovConfig(Objects.requireNonNullElse(c.resourceName(), ""),
                Objects.requireNonNullElse(c.pkey(), ""), Objects.requireNonNullElse(c.linkState(), LinkState.ENABLE),
                Objects.requireNonNullElse(c.rdmaIsolation(), true), Objects.requireNonNullElse(c.enableIbKubernetes(), false),
                pools(c.ippools(), false));
    }

    private static OvsConfig ovs(OvsConfig c) {
        return c == null ? null : new OvsConfig(c.bridge(), orElse(c.vlan(), 0), c.trunk(), c.deviceID(), pools(c.ippools(), false));
    }

    private static BondConfig bond(BondConfig b) {
        return b == null ? null : new BondConfig(b.name(), b.mode(), Objects.requireNonNullElse(b.options(), ""));
    }

    /** Empty pool lists; only sriov passes {@code matchMasterSubnet} on, so only there is it defaulted. */
    private static SpiderpoolPools pools(SpiderpoolPools p, boolean sriov) {
        if (p == null) {
            return new SpiderpoolPools(sriov ? false : null, List.of(), List.of());
        }
        Boolean match = sriov ? Objects.requireNonNullElse(p.matchMasterSubnet(), false) : p.matchMasterSubnet();
        return new SpiderpoolPools(match, p.ipv4(), p.ipv6());
    }

    private static Integer orElse(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    /** The Pod webhook lists SpiderMultusConfigs by label; the user writes the annotation. */
    private static void injectLabels(ObjectMeta meta) {
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        for (String key : INJECT_ANNOTATIONS) {
            String value = annotations.get(key);
            if (value == null) {
                continue;
            }
            Map<String, String> labels = meta.getLabels() == null ? new HashMap<>() : new HashMap<>(meta.getLabels());
            labels.put(key, value);
            meta.setLabels(labels);
        }
    }
}
