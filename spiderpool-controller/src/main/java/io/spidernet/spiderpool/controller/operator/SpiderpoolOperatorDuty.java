package io.spidernet.spiderpool.controller.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spidernet.spiderpool.controller.leader.ChangeTrigger;
import io.spidernet.spiderpool.controller.leader.LeaderDuty;
import io.spidernet.spiderpool.core.model.operator.OperatorCondition;
import io.spidernet.spiderpool.core.model.operator.OperatorGroup;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolStatus;
import io.spidernet.spiderpool.core.operator.DesiredState;
import io.spidernet.spiderpool.core.operator.EffectiveSpec;
import io.spidernet.spiderpool.core.operator.InvalidSpecException;
import io.spidernet.spiderpool.core.operator.ManagedObjects;
import io.spidernet.spiderpool.core.operator.ManagedObjects.Ref;
import io.spidernet.spiderpool.core.operator.OperatorConditions;
import io.spidernet.spiderpool.core.operator.Rollout;
import io.spidernet.spiderpool.kube.KubeReads;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The operator, on the lease holder and only when enabled: keeps the node side of the Spiderpool
 * object named {@code spiderpool} as core renders it ({@link DesiredState}), reports conditions, and
 * on the object's deletion removes what it created before letting the object go (its finalizer: the
 * garbage collector would follow the owner references too, but not every API server runs one, and
 * the operator must not leave agents behind). Every event of the object or of a managed object, and
 * each resync period, asks for one reconcile; a burst shares one. Informers select by name, so the
 * RBAC grants name every object.
 */
public class SpiderpoolOperatorDuty implements LeaderDuty {
    private static final Logger LOG = Logger.getLogger(SpiderpoolOperatorDuty.class);
    private static final long RETRY_SECONDS = 5;

    private final KubernetesClient client;
    private final OperatorSettings settings;
    private final ManagedWrites writes;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("spiderpool-operator").daemon().factory());
    private final AtomicBoolean pending = new AtomicBoolean();
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();

    public SpiderpoolOperatorDuty(KubernetesClient client, OperatorSettings settings, ManagedWrites writes, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.writes = writes;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "Spiderpool operator";
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            LOG.info("the operator is off (SPIDERPOOL_OPERATOR_ENABLED=false): the node side is Helm's to create");
            return;
        }
        trigger();
        // informers start (each lists first) beside the worker, which reconciles meanwhile
        Thread.ofPlatform().name("spiderpool-operator-informers").daemon().start(() -> {
            watch(client.resources(Spiderpool.class).withName(OperatorGroup.OBJECT_NAME).runnableInformer(0));
            for (Ref ref : ManagedObjects.all(settings.context())) {
                watch(writes.resource(ref).runnableInformer(0));
            }
        });
        long resync = settings.resyncPeriod().toMillis();
        worker.scheduleWithFixedDelay(this::trigger, resync, resync, TimeUnit.MILLISECONDS);
    }

    private <T extends HasMetadata> void watch(SharedIndexInformer<T> informer) {
        informer.exceptionHandler((started, t) -> true);
        informer.addEventHandler(ChangeTrigger.onAnyEvent(this::trigger));
        informers.add(informer);
        informer.start();
    }

    public void stop() {
        worker.shutdownNow();
        informers.forEach(SharedIndexInformer::close);
    }

    /** Asks for a reconcile soon; one asked for and not yet begun covers this one. */
    public void trigger() {
        if (pending.compareAndSet(false, true)) {
            worker.schedule(this::reconcileNow, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reconcileNow() {
        pending.set(false);
        try {
            if (!reconcile()) {
                trigger();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Spiderpool %s not reconciled; retrying in %d s", OperatorGroup.OBJECT_NAME, RETRY_SECONDS);
            worker.schedule(this::trigger, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** One pass; false when something moved under it (409) and a fresh pass is due. */
    boolean reconcile() {
        Optional<Spiderpool> read = KubeReads.orAbsent(
                () -> client.resources(Spiderpool.class).withName(OperatorGroup.OBJECT_NAME).get());
        if (read.isEmpty()) {
            return true;
        }
        Spiderpool object = read.get();
        if (object.getMetadata().getDeletionTimestamp() != null) {
            return cleanUp(object);
        }
        List<String> finalizers = object.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(OperatorGroup.FINALIZER)) {
            return writeFinalizers(object, true);  // its update event brings the next pass
        }
        List<String> blocked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String invalid = null;
        String hash = object.getStatus() == null ? null : object.getStatus().getAgentTemplateHash();
        boolean current = true;
        try {
            DesiredState desired = DesiredState.render(EffectiveSpec.of(object, settings.context()), object);
            hash = desired.configHash();
            for (HasMetadata o : desired.objects()) {
                switch (writes.apply(o)) {
                    case ManagedWrites.Outcome.Written w -> LOG.infof("Spiderpool %s: %s", OperatorGroup.OBJECT_NAME, w.what());
                    case ManagedWrites.Outcome.Blocked b -> blocked.add(b.why());
                    case ManagedWrites.Outcome.Failed f -> failures.add(f.why());
                    case ManagedWrites.Outcome.Conflict c -> current = false;
                    case ManagedWrites.Outcome.Unchanged u -> { }
                }
            }
            if (!desired.webhooksManaged()) {
                // someone else owns them now: ours (labelled, owned by this object) must not compete
                ManagedObjects.all(settings.context()).stream().filter(r -> r.kind().endsWith("WebhookConfiguration"))
                        .forEach(r -> writes.remove(r, object.getMetadata().getUid()));
            }
        } catch (InvalidSpecException e) {
            invalid = e.getMessage();
        }
        Ref agents = new Ref("DaemonSet", settings.context().namespace(), ManagedObjects.AGENT_NAME);
        String expected = hash == null ? "" : hash;
        Optional<Rollout> rollout = writes.managed(agents, DaemonSet.class).map(ds -> Rollout.of(ds, expected));
        OperatorConditions.Findings findings = new OperatorConditions.Findings(generation(object), rollout, invalid, blocked,
                failures);
        return writeStatus(object, findings, hash) && current;
    }

    /** Removes what the operator created, then the finalizer; false to come back (a conflict, or objects still there). */
    private boolean cleanUp(Spiderpool object) {
        List<String> finalizers = object.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(OperatorGroup.FINALIZER)) {
            return true;
        }
        boolean gone = true;
        for (Ref ref : ManagedObjects.all(settings.context())) {
            gone &= writes.remove(ref, object.getMetadata().getUid());
        }
        if (!gone) {
            return false;
        }
        LOG.infof("Spiderpool %s deleted: its node side is removed", OperatorGroup.OBJECT_NAME);
        return writeFinalizers(object, false);
    }

    /** Adds or drops the finalizer on the object as read (a PUT with its resourceVersion); false on 409. */
    private boolean writeFinalizers(Spiderpool read, boolean add) {
        Spiderpool next = client.getKubernetesSerialization().clone(read);
        List<String> finalizers = new ArrayList<>(next.getMetadata().getFinalizers() == null ? List.of()
                : next.getMetadata().getFinalizers());
        finalizers.remove(OperatorGroup.FINALIZER);
        if (add) {
            finalizers.add(OperatorGroup.FINALIZER);
        }
        next.getMetadata().setFinalizers(finalizers);
        return put(() -> client.resource(next).update());
    }

    /** The status from {@code findings}, written only when it changed, at the version read; false on 409. */
    private boolean writeStatus(Spiderpool read, OperatorConditions.Findings findings, String hash) {
        List<OperatorCondition> previous = read.getStatus() == null || read.getStatus().getConditions() == null ? List.of()
                : read.getStatus().getConditions();
        SpiderpoolStatus status = new SpiderpoolStatus();
        status.setObservedGeneration(findings.generation());
        status.setAgentTemplateHash(hash);
        status.setConditions(OperatorConditions.compute(findings, previous, clock.instant()));
        if (status.equals(read.getStatus())) {
            return true;
        }
        Spiderpool next = client.getKubernetesSerialization().clone(read);
        next.setStatus(status);
        boolean written = put(() -> client.resource(next).updateStatus());
        if (written) {
            LOG.infof("Spiderpool %s: %s", OperatorGroup.OBJECT_NAME, status.getConditions());
        }
        return written;
    }

    private static boolean put(Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            return switch (e.getCode()) {
                case HttpURLConnection.HTTP_CONFLICT -> false;
                case HttpURLConnection.HTTP_NOT_FOUND -> true;
                default -> throw e;
            };
        }
    }

    private static long generation(Spiderpool object) {
        Long g = object.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }
}
