package io.spidernet.spiderpool.controller.admin;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The cluster's client CA bundle ({@link ClientCaBundle#SOURCE}), kept current by watching that one
 * ConfigMap by name: a rotated CA is taken on its update, a deleted one is dropped. Until the first
 * list answers (or when the controller may not read it), client certificates are refused with why.
 */
public final class KubeClientCa implements Supplier<ClientCaBundle>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubeClientCa.class);
    /** The watch re-delivers the ConfigMap this often, a bound on how long a missed event goes unnoticed. */
    private static final long RESYNC_MILLIS = 10 * 60_000L;

    private final AtomicReference<ClientCaBundle> current = new AtomicReference<>(ClientCaBundle.none(
            "ConfigMap " + ClientCaBundle.NAMESPACE + "/" + ClientCaBundle.CONFIG_MAP + " has not been read yet"));
    private final SharedIndexInformer<ConfigMap> informer;

    /** Starts watching; returns at once (the first list arrives later). */
    public KubeClientCa(KubernetesClient client) {
        informer = client.configMaps().inNamespace(ClientCaBundle.NAMESPACE).withName(ClientCaBundle.CONFIG_MAP)
                .runnableInformer(RESYNC_MILLIS);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap c) {
                take(c);
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                take(after);
            }

            @Override
            public void onDelete(ConfigMap c, boolean unknownFinalState) {
                set(ClientCaBundle.none("ConfigMap " + ClientCaBundle.NAMESPACE + "/" + ClientCaBundle.CONFIG_MAP + " does not exist"));
            }
        });
        informer.exceptionHandler((started, e) -> {
            LOG.warnf("cannot watch ConfigMap %s/%s (the client CA for the admin API): %s; retrying", ClientCaBundle.NAMESPACE,
                    ClientCaBundle.CONFIG_MAP, e.getMessage());
            return true;
        });
        informer.start().whenComplete((v, e) -> {
            if (e == null && informer.getStore().list().isEmpty()) {
                set(ClientCaBundle.none("ConfigMap " + ClientCaBundle.NAMESPACE + "/" + ClientCaBundle.CONFIG_MAP + " does not exist"));
            }
        });
    }

    @Override
    public ClientCaBundle get() {
        return current.get();
    }

    private void take(ConfigMap c) {
        set(ClientCaBundle.parse(c.getData() == null ? null : c.getData().get(ClientCaBundle.KEY)));
    }

    private void set(ClientCaBundle bundle) {
        ClientCaBundle before = current.getAndSet(bundle);
        if (!bundle.toString().equals(before.toString())) {
            LOG.infof("admin API client certificates: %s", bundle);
        }
    }

    @Override
    public void close() {
        informer.stop();
    }
}
