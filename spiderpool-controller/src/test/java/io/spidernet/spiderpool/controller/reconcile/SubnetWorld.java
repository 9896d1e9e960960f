package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.spidernet.spiderpool.core.allocation.ReservedAddresses;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.autopool.Apps;
import io.spidernet.spiderpool.core.autopool.SubnetLedger;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.ReservedIPSpec;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A test API server with Spiderpool's CRDs and the controller's subnet-side beans wired as in the
 * app, plus builders for subnets, pools and workloads. Tests call the reconcilers directly, in the
 * order events would reach them.
 */
final class SubnetWorld {
    static final String NS = "team-a";

    final KubernetesClient client;
    final SpiderpoolConf conf;
    final ReconcileEvents events;
    final SubnetStatusSync status;
    final AutoPoolSync sync;
    final SubnetReconciler subnets;
    final IPPoolReconciler pools;

    SubnetWorld(KubernetesClient client, SpiderpoolConf conf) {
        TestCrds.create(client, "spiderippools", "spidersubnets", "spiderreservedips");
        this.client = client;
        this.conf = conf;
        this.events = new ReconcileEvents(client);
        SubnetLocks locks = new SubnetLocks();
        this.status = new SubnetStatusSync(client);
        this.sync = new AutoPoolSync(client, events, conf, locks, status);
        this.subnets = new SubnetReconciler(client, events, conf, locks, status);
        this.pools = new IPPoolReconciler(client, events, sync, new AppLookup(client));
    }

    SubnetWorld(KubernetesClient client) {
        this(client, SpiderpoolConf.defaults().withSpiderSubnet(true, true));
    }

    enum Kind { DEPLOYMENT, REPLICASET, STATEFULSET, DAEMONSET, JOB, CRONJOB }

    // ---- subnets and pools

    SpiderSubnet subnet(String name, String cidr, List<String> ips, List<String> exclude) {
        SpiderSubnet s = new SpiderSubnet();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withFinalizers(SpiderpoolGroup.FINALIZER).build());
        SubnetSpec spec = new SubnetSpec();
        spec.setSubnet(cidr);
        spec.setIpVersion(IpVersion.of(cidr.contains(":") ? IpFamily.V6 : IpFamily.V4));
        spec.setIps(ips);
        spec.setExcludeIPs(exclude);
        spec.setGateway(cidr.substring(0, cidr.lastIndexOf('.')) + ".1");
        spec.setRoutes(List.of(new Route("10.99.0.0/16", spec.getGateway())));
        s.setSpec(spec);
        client.resource(s).create();
        subnets.reconcile(subnet(name));
        return subnet(name);
    }

    SpiderSubnet subnet(String name) {
        return client.resources(SpiderSubnet.class).withName(name).get();
    }

    SpiderIPPool manualPool(String name, String cidr, List<String> ips) {
        SpiderIPPool p = new SpiderIPPool();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withFinalizers(SpiderpoolGroup.FINALIZER).build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setSubnet(cidr);
        spec.setIpVersion(IpVersion.of(IpFamily.V4));
        spec.setIps(ips);
        p.setSpec(spec);
        return p;
    }

    SpiderIPPool create(SpiderIPPool pool) {
        return client.resource(pool).create();
    }

    SpiderIPPool pool(String name) {
        return client.resources(SpiderIPPool.class).withName(name).get();
    }

    List<SpiderIPPool> allPools() {
        return client.resources(SpiderIPPool.class).list().getItems();
    }

    /** The auto-pools of the application of that name (any kind, any UID). */
    List<SpiderIPPool> poolsOf(String app) {
        return client.resources(SpiderIPPool.class).withLabel(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, app)
                .list().getItems();
    }

    SpiderIPPool onlyPoolOf(String app) {
        List<SpiderIPPool> p = poolsOf(app);
        if (p.size() != 1) {
            throw new AssertionError("expected one pool of " + app + ", found " + p.stream().map(x -> x.getMetadata().getName()).toList());
        }
        return p.getFirst();
    }

    static IpSet ipsOf(SpiderIPPool pool) {
        return IpSet.parse(IpFamily.V4, pool.getSpec().getIps());
    }

    static IpSet ips(String... entries) {
        return IpSet.parse(IpFamily.V4, List.of(entries));
    }

    /** What the subnet records for {@code pool} (empty set when nothing). */
    IpSet recorded(String subnet, String pool) {
        return SubnetLedger.of(subnet(subnet), allPools(), Map.of()).recorded(pool).orElse(IpSet.empty(IpFamily.V4));
    }

    /** IPs of the subnet no pool, record or reserved IP holds. */
    IpSet free(String subnet) {
        return SubnetLedger.of(subnet(subnet), allPools(), ReservedAddresses.of(
                client.resources(SpiderReservedIP.class).list().getItems())).freeFor("");
    }

    void reserve(String name, String... ips) {
        SpiderReservedIP r = new SpiderReservedIP();
        r.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ReservedIPSpec spec = new ReservedIPSpec();
        spec.setIpVersion(IpVersion.of(IpFamily.V4));
        spec.setIps(List.of(ips));
        r.setSpec(spec);
        client.resource(r).create();
    }

    /** Pods take these IPs of the pool (as an agent would record them). */
    void allocate(String pool, String... ips) {
        SpiderIPPool p = pool(pool);
        StringBuilder json = new StringBuilder("{");
        for (String ip : ips) {
            json.append(json.length() > 1 ? "," : "").append('"').append(ip).append("\":{\"pod\":\"").append(NS)
                    .append("/pod-").append(ip).append("\",\"podUid\":\"uid-").append(ip).append("\"}");
        }
        p.setStatus(new IPPoolStatus(json.append('}').toString(), null, (long) ips.length));
        client.resource(p).updateStatus();
    }

    /** A deleted pool's last step: its finalizer goes once it is empty, then the subnet hears of it. */
    void finishDeletions(String subnet) {
        for (SpiderIPPool p : allPools()) {
            if (p.isTerminating()) {
                pools.reconcile(p);
            }
        }
        if (subnet(subnet) != null) {
            subnets.reconcile(subnet(subnet));
        }
    }

    List<Event> warnings(String reason) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())).toList();
    }

    // ---- workloads

    static Map<String, String> subnetV4(String subnet) {
        return Apps.subnetV4(subnet);
    }

    static Map<String, String> with(Map<String, String> a, String key, String value) {
        return Apps.with(a, key, value);
    }

    /** Creates the workload in the API server (which gives it a UID) and returns it as stored. */
    <T extends HasMetadata> T app(Kind kind, String namespace, String name, int replicas, Map<String, String> annotations) {
        HasMetadata built = object(kind, namespace, name, replicas, annotations);
        @SuppressWarnings("unchecked")
        T created = (T) client.resource(built).create();
        if (created instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet ds) {
            // the scheduler's count, as the informer would see it once the DaemonSet controller wrote it
            ds.setStatus(((io.fabric8.kubernetes.api.model.apps.DaemonSet) built).getStatus());
        }
        return created;
    }

    /**
     * The test server numbers UIDs ({@code …-000000000142}), so all share the 5-character tail pool
     * names carry and same-name applications would collide as random UIDs in a cluster do not. This
     * gives the informer's copy a random UID; the API server keeps its own, so the pool sweep would
     * find such an application "replaced".
     */
    static <T extends HasMetadata> T randomUid(T app) {
        app.getMetadata().setUid(UUID.randomUUID().toString());
        return app;
    }

    HasMetadata app(Kind kind, String name, int replicas, Map<String, String> annotations) {
        return app(kind, NS, name, replicas, annotations);
    }

    /** The same object with another replica count, as the informer would hand it in after a scale. */
    HasMetadata scaled(Kind kind, HasMetadata app, int replicas) {
        return reannotated(kind, app, replicas, templateAnnotations(kind, app));
    }

    /** The same object with other replicas and template annotations. */
    HasMetadata reannotated(Kind kind, HasMetadata app, int replicas, Map<String, String> annotations) {
        HasMetadata copy = object(kind, app.getMetadata().getNamespace(), app.getMetadata().getName(), replicas, annotations);
        copy.setMetadata(app.getMetadata());
        return copy;
    }

    /** Runs the kind's reconciler on an add/update ({@code deleted} false) or a delete event. */
    UpdateControl<?> reconcile(Kind kind, HasMetadata app, boolean deleted) {
        Reconciler<?> r = switch (kind) {
            case DEPLOYMENT -> new DeploymentPoolReconciler(sync);
            case REPLICASET -> new ReplicaSetPoolReconciler(sync);
            case STATEFULSET -> new StatefulSetPoolReconciler(sync);
            case DAEMONSET -> new DaemonSetPoolReconciler(sync);
            case JOB -> new JobPoolReconciler(sync);
            case CRONJOB -> new CronJobPoolReconciler(sync);
        };
        return call(r, app, deleted);
    }

    /** Deletes the workload from the API server and delivers the delete event. */
    void delete(Kind kind, HasMetadata app) {
        client.resource(app).delete();
        reconcile(kind, app, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static UpdateControl<?> call(Reconciler r, HasMetadata app, boolean deleted) {
        Context<?> context = (Context<?>) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isPrimaryResourceDeleted" -> deleted;
                    case "isPrimaryResourceFinalStateUnknown" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        try {
            return r.reconcile(app, context);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> templateAnnotations(Kind kind, HasMetadata app) {
        PodTemplateSpec t = switch (kind) {
            case DEPLOYMENT -> ((io.fabric8.kubernetes.api.model.apps.Deployment) app).getSpec().getTemplate();
            case REPLICASET -> ((io.fabric8.kubernetes.api.model.apps.ReplicaSet) app).getSpec().getTemplate();
            case STATEFULSET -> ((io.fabric8.kubernetes.api.model.apps.StatefulSet) app).getSpec().getTemplate();
            case DAEMONSET -> ((io.fabric8.kubernetes.api.model.apps.DaemonSet) app).getSpec().getTemplate();
            case JOB -> ((io.fabric8.kubernetes.api.model.batch.v1.Job) app).getSpec().getTemplate();
            case CRONJOB -> ((io.fabric8.kubernetes.api.model.batch.v1.CronJob) app).getSpec().getJobTemplate().getSpec().getTemplate();
        };
        return t.getMetadata().getAnnotations();
    }

    static HasMetadata object(Kind kind, String namespace, String name, int replicas, Map<String, String> annotations) {
        // a mutable copy: the reconcilers' tests edit the template's annotations later
        return Apps.object(Apps.Kind.valueOf(kind.name()), namespace, name, null, replicas, new LinkedHashMap<>(annotations));
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
