package io.spidernet.spiderpool.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.controller.admin.AdminService;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The controller's object graph. */
@Singleton
public class ControllerBeans {

    /**
     * The admin service. The IPAM switches are Helm's defaults until the controller reads upstream's
     * {@code conf.yml} (as the agent does) — one of issue 5's next steps.
     */
    @Produces
    @Singleton
    AdminService admin(KubernetesClient client,
                       @ConfigProperty(name = "spiderpool.controller.namespace", defaultValue = "kube-system") String namespace) {
        return new AdminService(client, SpiderpoolConf.defaults(), namespace, null);
    }
}
