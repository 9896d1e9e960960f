package io.spidernet.spiderpool.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.spidernet.spiderpool.controller.admin.AdminService;
import io.spidernet.spiderpool.controller.coordinator.CoordinatorStatusDuty;
import io.spidernet.spiderpool.controller.coordinator.CoordinatorStatusSettings;
import io.spidernet.spiderpool.controller.gc.GarbageCollector;
import io.spidernet.spiderpool.controller.metrics.InventoryMetrics;
import io.spidernet.spiderpool.controller.reconcile.ReconcileEvents;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.core.config.UpstreamCommandLine;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.kube.KubernetesPoolStore;
import io.spidernet.spiderpool.kube.ConfFileReader;
import io.spidernet.spiderpool.controller.operator.ManagedWrites;
import io.spidernet.spiderpool.controller.operator.OperatorSettings;
import io.spidernet.spiderpool.controller.operator.SpiderpoolOperatorDuty;
import io.spidernet.spiderpool.controller.webhook.ServingCertificate;
import io.spidernet.spiderpool.core.operator.OperatorContext;
import jakarta.enterprise.inject.Disposes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** The controller's object graph. */
@Singleton
public class ControllerBeans {
    /**
     * Upstream's {@code conf.yml}, read once at start like upstream's controller (edits need a restart):
     * the file {@code --config-path} or {@code spiderpool.controller.conf-file} names (the flag wins, see
     * {@link ControllerMain}); else upstream's mount point when something is mounted there; else the
     * chart's defaults.
     */
    @Produces
    @Singleton
    SpiderpoolConfFile confFile(ControllerConfig config) {
        return ConfFileReader.read(config.confFile(), Path.of(UpstreamCommandLine.DEFAULT_CONFIG_PATH),
                "spiderpool.controller.conf-file");
    }

    /** The IPAM switches; the per-pool record cap is the agents' concern, so upstream's default stands in. */
    @Produces
    @Singleton
    SpiderpoolConf spiderpoolConf(SpiderpoolConfFile file) {
        return file.ipam(SpiderpoolConf.defaults().maxAllocatedIPs());
    }

    /** Upstream's GC environment variables (the config mapping), plus conf.yml's {@code enableCleanOutdatedEndpoint}. */
    @Produces
    @Singleton
    GcSettings gcSettings(ControllerConfig config, SpiderpoolConfFile file) {
        return gcSettings(config.gc(), file.enableCleanOutdatedEndpoint());
    }

    /**
     * Upstream's default for every variable not set.
     *
     * @throws IllegalArgumentException naming the variable whose value is out of range
     */
    static GcSettings gcSettings(ControllerConfig.Gc gc, boolean cleanOutdatedEndpoint) {
        GcSettings d = GcSettings.defaults();
        return new GcSettings(gc.ipEnabled().orElse(d.gcIpEnabled()),
                gc.terminatingPodOnReadyNode().orElse(d.gcTerminatingPodOnReadyNode()),
                gc.terminatingPodOnNotReadyNode().orElse(d.gcTerminatingPodOnNotReadyNode()),
                gc.additionalGraceDelay().orElse(d.additionalGraceDelay()),
                gc.scanAllInterval().orElse(d.scanAllInterval()),
                gc.traceScanGap().orElse(d.traceScanGap()),
                gc.runningPodWithoutPodIps().orElse(d.gcStatelessRunningPodWithoutPodIps()),
                gc.traceWorkers().orElse(d.traceWorkers()),
                gc.traceEntryMaxRetries().orElse(d.traceEntryMaxRetries()),
                gc.traceDbCapacity().orElse(d.traceDbCapacity()),
                gc.scanAllRequestGap().orElse(d.scanAllRequestGap()),
                cleanOutdatedEndpoint);
    }

    @Produces
    @Singleton
    GarbageCollector garbageCollector(KubernetesClient client, SpiderpoolConf conf, GcSettings settings, MeterRegistry registry) {
        AllocationEngine engine = new AllocationEngine(new KubernetesPoolStore(client),
                RetryPolicy.garbageCollection(Thread::sleep, RandomGenerator.getDefault()), conf.maxAllocatedIPs());
        return new GarbageCollector(client, engine, conf, settings, registry, Clock.systemUTC());
    }

    void stopGarbageCollector(@Disposes GarbageCollector gc) {
        gc.stop();
    }

    @Produces
    @Singleton
    CoordinatorStatusDuty coordinatorStatus(KubernetesClient client, ControllerConfig config, ReconcileEvents events) {
        ControllerConfig.Coordinator c = config.coordinator();
        return new CoordinatorStatusDuty(client, new CoordinatorStatusSettings(c.enabled(), c.name(), c.cniConfigDir(),
                c.ciliumConfigMap(), c.resyncPeriod(), c.debounce()), events);
    }

    void stopCoordinatorStatus(@Disposes CoordinatorStatusDuty duty) {
        duty.stop();
    }

    /**
     * The operator (OLM path). The webhooks' caBundle for configurations it creates is the CA this replica
     * serves with, read when needed (renewals swap it in).
     */
    @Produces
    @Singleton
    SpiderpoolOperatorDuty operator(KubernetesClient client, ControllerConfig config, Instance<ServingCertificate> serving,
                                    @ConfigProperty(name = "quarkus.application.version") String version) {
        ControllerConfig.Operator o = config.operator();
        ControllerConfig.Webhook w = config.webhook();
        String image = o.agentImage().filter(i -> !i.isBlank()).orElse("ghcr.io/spidernet-io/spiderpool-java/agent:" + version);
        OperatorContext context = new OperatorContext(config.namespace(), image,
                o.olmConditionName().filter(n -> !n.isBlank()).isPresent(), w.serviceName(), w.port() == 0 ? 5722 : w.port(),
                w.mutatingConfigurationName(), w.validatingConfigurationName(), config.coordinator().name());
        Supplier<Optional<String>> ca = () -> serving.isResolvable() ? Optional.of(serving.get().current().caPem()) : Optional.empty();
        return new SpiderpoolOperatorDuty(client, new OperatorSettings(o.enabled(), context, o.resyncPeriod(), o.debounce()),
                new ManagedWrites(client, ca), Clock.systemUTC());
    }

    void stopOperator(@Disposes SpiderpoolOperatorDuty duty) {
        duty.stop();
    }

    @Produces
    @Singleton
    InventoryMetrics inventoryMetrics(KubernetesClient client, MeterRegistry registry, ControllerConfig config) {
        return new InventoryMetrics(client, registry, config.metricRenewPeriod(), config.debugMetrics());
    }

    void stopInventoryMetrics(@Disposes InventoryMetrics metrics) {
        metrics.stop();
    }

    @Produces
    @Singleton
    AdminService admin(KubernetesClient client, SpiderpoolConf conf, ControllerConfig config, GarbageCollector gc) {
        return new AdminService(client, conf, config.namespace(), null, gc);
    }
}
