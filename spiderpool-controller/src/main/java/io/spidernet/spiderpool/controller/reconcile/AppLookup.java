package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the application an auto-pool's owner labels name. Built-in kinds through their typed
 * clients; any other kind generically (which needs API discovery). The answer is three-valued on
 * purpose: a lookup that fails is "unknown", and an unknown owner never gets its pool deleted.
 */
@Singleton
public class AppLookup {

    /** What the lookup found about the pool's application. */
    public enum Owner { PRESENT, GONE, UNKNOWN }

    private final KubernetesClient client;

    public AppLookup(KubernetesClient client) {
        this.client = client;
    }

    /** PRESENT only when an object of that kind, namespace and name exists with the pool's owner UID. */
    public Owner ownerOf(SpiderIPPool pool) {
        Map<String, String> l = pool.getMetadata().getLabels();
        String gv = l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_GV);
        String kind = l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND);
        String ns = l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAMESPACE);
        String name = l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME);
        String uid = l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID);
        if (gv == null || kind == null || ns == null || name == null || uid == null) {
            return Owner.UNKNOWN;
        }
        try {
            Optional<HasMetadata> app = Optional.ofNullable(find(apiVersion(gv), kind, ns, name));
            return app.map(a -> uid.equals(a.getMetadata().getUid()) ? Owner.PRESENT : Owner.GONE).orElse(Owner.GONE);
        } catch (KubernetesClientException e) {
            return Owner.UNKNOWN;
        }
    }

    private HasMetadata find(String apiVersion, String kind, String ns, String name) {
        return switch (apiVersion + " " + kind) {
            case "apps/v1 Deployment" -> client.apps().deployments().inNamespace(ns).withName(name).get();
            case "apps/v1 ReplicaSet" -> client.apps().replicaSets().inNamespace(ns).withName(name).get();
            case "apps/v1 StatefulSet" -> client.apps().statefulSets().inNamespace(ns).withName(name).get();
            case "apps/v1 DaemonSet" -> client.apps().daemonSets().inNamespace(ns).withName(name).get();
            case "batch/v1 Job" -> client.batch().v1().jobs().inNamespace(ns).withName(name).get();
            case "batch/v1 CronJob" -> client.batch().v1().cronjobs().inNamespace(ns).withName(name).get();
            default -> client.genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(name).get();
        };
    }

    /** The owner-application-gv label writes {@code apps_v1} for {@code apps/v1}; a version holds no '_'. */
    static String apiVersion(String gvLabel) {
        int last = gvLabel.lastIndexOf('_');
        return last < 0 ? gvLabel : gvLabel.substring(0, last) + "/" + gvLabel.substring(last + 1);
    }
}
