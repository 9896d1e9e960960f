package io.spidernet.spiderpool.core.selection;

import io.spidernet.spiderpool.core.annotation.NamespaceDefaults;
import io.spidernet.spiderpool.core.annotation.NetworkSelection;
import io.spidernet.spiderpool.core.annotation.NicPools;
import io.spidernet.spiderpool.core.annotation.PerNicPools;
import io.spidernet.spiderpool.core.annotation.PodIpamAnnotations;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.annotation.SubnetRequest;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which pools a pod asks for, by upstream's precedence: subnet annotations, then
 * {@code ippools}, {@code ippool}, the namespace defaults, the CNI config defaults and finally the
 * cluster default pools. The first level that names anything wins; lower levels are not merged in.
 */
public final class PoolSourceResolver {
    /** The pod's primary NIC; its network is Multus' default network. */
    public static final String PRIMARY_NIC = "eth0";

    private PoolSourceResolver() {}

    /**
     * @param nic the NIC being added ({@code CNI_IFNAME})
     * @param cniPools {@code default_ipv4_ippool} / {@code default_ipv6_ippool} of the CNI config
     * @param cniCleanGateway {@code clean_gateway} of the CNI config
     * @param clusterNetwork Multus' cluster network ({@code ns/name}) used for the primary NIC when
     *                       the pod names none, or null
     */
    public record Inputs(String nic, PodFacts pod, PodIpamAnnotations annotations, NamespaceDefaults namespaceDefaults,
                         PoolNames cniPools, boolean cniCleanGateway, String spiderpoolNamespace, String clusterNetwork) {}

    public record Resolved(PoolSource source, List<NicRequest> nics) {}

    public static Resolved resolve(Inputs in, Collection<SpiderIPPool> pools, SpiderpoolConf conf) {
        PodIpamAnnotations a = in.annotations();
        if (a.requestsSubnets()) {
            return new Resolved(PoolSource.SUBNET_ANNOTATION, fromSubnets(in, pools, conf));
        }
        if (a.ipPools().isPresent()) {
            return new Resolved(PoolSource.IPPOOLS_ANNOTATION, fromIpPools(in, a.ipPools().get()));
        }
        if (a.ipPool().isPresent()) {
            return single(PoolSource.IPPOOL_ANNOTATION, in, a.ipPool().get());
        }
        if (!in.namespaceDefaults().isEmpty()) {
            return single(PoolSource.NAMESPACE_DEFAULT, in, in.namespaceDefaults().pools());
        }
        if (!in.cniPools().isEmpty()) {
            return single(PoolSource.CNI_CONFIG_DEFAULT, in, in.cniPools());
        }
        List<String> v4 = defaults(pools, IpFamily.V4);
        List<String> v6 = defaults(pools, IpFamily.V6);
        if (v4.isEmpty() && v6.isEmpty()) {
            throw new IpamException.NoAvailablePool("no pool is named for pod " + in.pod() + " NIC " + in.nic()
                    + ": set the pod annotation " + SpiderpoolAnnotations.IPPOOL + ", a namespace default ("
                    + SpiderpoolAnnotations.NS_DEFAULT_IPV4_IPPOOL + "), default_ipv4_ippool in the CNI config, or"
                    + " mark a pool spec.default: true", List.of());
        }
        return single(PoolSource.CLUSTER_DEFAULT, in, new PoolNames(v4, v6));
    }

    private static Resolved single(PoolSource source, Inputs in, PoolNames names) {
        return new Resolved(source, List.of(new NicRequest(in.nic(), names.ipv4(), names.ipv6(), in.cniCleanGateway(),
                network(in, in.nic()))));
    }

    /** Every NIC at once; unnamed items are the primary NIC and then {@code net1}, {@code net2}… */
    private static List<NicRequest> fromIpPools(Inputs in, PerNicPools perNic) {
        perNic.requireListed(in.nic());
        List<NicRequest> out = new ArrayList<>();
        for (int i = 0; i < perNic.items().size(); i++) {
            NicPools item = perNic.items().get(i);
            String nic = item.interfaceName().orElse(i == 0 ? PRIMARY_NIC : "net" + i);
            out.add(new NicRequest(nic, item.ipv4(), item.ipv6(), item.cleanGateway(), network(in, nic)));
        }
        return out;
    }

    private static List<NicRequest> fromSubnets(Inputs in, Collection<SpiderIPPool> pools, SpiderpoolConf conf) {
        if (!conf.enableSpiderSubnet() || !conf.enableAutoPoolForApplication()) {
            throw new IpamException.WrongInput("pod " + in.pod() + " uses " + SpiderpoolAnnotations.SUBNETS + "/"
                    + SpiderpoolAnnotations.SUBNET + " but pools for applications are off (enableSpiderSubnet="
                    + conf.enableSpiderSubnet() + ", enableAutoPoolForApplication=" + conf.enableAutoPoolForApplication()
                    + "); turn them on or name IPPools with " + SpiderpoolAnnotations.IPPOOL);
        }
        PodFacts.TopController app = in.pod().controller();
        if (app == null || "Pod".equals(app.kind())) {
            throw new IpamException.WrongInput("pod " + in.pod() + " has no controller, and SpiderSubnet pools are made"
                    + " per application; run it from a Deployment, StatefulSet, Job… or name IPPools instead");
        }
        List<SubnetRequest> requests = in.annotations().subnets().isEmpty()
                ? in.annotations().subnet().map(List::of).orElse(List.of()) : in.annotations().subnets();
        List<NicRequest> out = new ArrayList<>();
        for (SubnetRequest r : requests) {
            List<String> v4 = autoPool(in, pools, r, IpFamily.V4, r.ipv4Subnet());
            List<String> v6 = autoPool(in, pools, r, IpFamily.V6, r.ipv6Subnet());
            out.add(new NicRequest(r.interfaceName(), v4, v6, in.cniCleanGateway(), network(in, r.interfaceName())));
        }
        return out;
    }

    /** The pool the controller made for this application, NIC and family from the subnet. */
    private static List<String> autoPool(Inputs in, Collection<SpiderIPPool> pools, SubnetRequest r, IpFamily family,
                                         Optional<String> subnet) {
        if (subnet.isEmpty()) {
            return List.of();
        }
        PodFacts.TopController app = in.pod().controller();
        Map<String, String> want = Map.of(
                SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, subnet.get(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, app.kind(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAMESPACE, app.namespace(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, app.name(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, app.uid(),
                SpiderpoolAnnotations.LABEL_INTERFACE, r.interfaceName(),
                SpiderpoolAnnotations.LABEL_IP_VERSION, family.toString());
        List<String> found = pools.stream()
                .filter(p -> p.getMetadata().getLabels() != null
                        && p.getMetadata().getLabels().entrySet().containsAll(want.entrySet()))
                .map(p -> p.getMetadata().getName()).sorted().toList();
        if (found.isEmpty()) {
            throw new IpamException.AutoPoolNotReady("the " + family + " pool of " + app.kind() + " " + app.namespace()
                    + "/" + app.name() + " NIC " + r.interfaceName() + " from SpiderSubnet " + subnet.get()
                    + " does not exist yet; the controller creates it (check the subnet has free IPs)");
        }
        return found;
    }

    private static String network(Inputs in, String nic) {
        Optional<NetworkSelection> sel;
        String defaultNamespace;
        if (PRIMARY_NIC.equals(nic)) {
            sel = in.annotations().multus().defaultNetwork();
            defaultNamespace = in.spiderpoolNamespace();
            if (sel.isEmpty()) {
                return in.clusterNetwork();
            }
        } else {
            sel = in.annotations().multus().forInterface(nic);
            defaultNamespace = in.pod().namespace();
        }
        return sel.map(s -> s.qualifiedName(defaultNamespace)).orElse(null);
    }

    private static List<String> defaults(Collection<SpiderIPPool> pools, IpFamily family) {
        return pools.stream()
                .filter(p -> Boolean.TRUE.equals(p.getSpec().getDefault()) && p.family().orElse(null) == family)
                .map(p -> p.getMetadata().getName()).sorted().toList();
    }
}
