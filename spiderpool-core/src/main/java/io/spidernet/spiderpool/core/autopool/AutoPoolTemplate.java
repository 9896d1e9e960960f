package io.spidernet.spiderpool.core.autopool;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.webhook.IpamLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an auto-pool looks like: its labels, annotation and spec, from the demand and the subnet. */
public final class AutoPoolTemplate {

    private AutoPoolTemplate() {}

    /** The labels of §3 the controller owns on the pool; other labels a user adds are left alone. */
    public static Map<String, String> labels(PoolDemand d, String subnetCidr) {
        Application app = d.app();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, d.subnet());
        m.put(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_GV, app.gvLabelValue());
        m.put(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, app.kind());
        m.put(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAMESPACE, app.namespace());
        m.put(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, app.name());
        m.put(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, app.uid());
        m.put(SpiderpoolAnnotations.LABEL_INTERFACE, d.nic());
        m.put(SpiderpoolAnnotations.LABEL_IP_VERSION, d.family().toString());
        m.put(SpiderpoolAnnotations.LABEL_IPPOOL_RECLAIM, Boolean.toString(d.reclaim()));
        m.put(SpiderpoolAnnotations.LABEL_IPPOOL_CIDR, IpamLabels.cidrLabelValue(subnetCidr));
        return m;
    }

    /** The pool's size as the application asked, e.g. {@code "+1"}; the controller reads it back on resync. */
    public static Map<String, String> annotations(PoolDemand d) {
        return Map.of(SpiderpoolAnnotations.IPPOOL_IP_NUMBER, d.ipNumber().annotationValue());
    }

    /**
     * A new pool: controlled by the subnet (so deleting the subnet deletes it), with Spiderpool's
     * finalizer, gateway and routes copied from the subnet, and a podAffinity naming only the
     * application (matchLabels, no expressions: the webhook refuses anything else on auto-pools).
     */
    public static SpiderIPPool newPool(PoolDemand d, SpiderSubnet subnet, IpSet ips) {
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder()
                .withName(d.poolName())
                .withLabels(labels(d, subnet.getSpec().getSubnet()))
                .withAnnotations(new LinkedHashMap<>(annotations(d)))
                .withFinalizers(new ArrayList<>(List.of(SpiderpoolGroup.FINALIZER)))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(SpiderpoolGroup.API_VERSION)
                        .withKind("SpiderSubnet")
                        .withName(subnet.getMetadata().getName())
                        .withUid(subnet.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.of(d.family()));
        spec.setSubnet(subnet.getSpec().getSubnet());
        spec.setIps(new ArrayList<>(ips.toStrings()));
        spec.setGateway(subnet.getSpec().getGateway());
        spec.setRoutes(subnet.getSpec().getRoutes() == null ? null : new ArrayList<>(subnet.getSpec().getRoutes()));
        spec.setPodAffinity(new LabelSelectorBuilder().withMatchLabels(d.app().affinityLabels()).build());
        pool.setSpec(spec);
        return pool;
    }
}
