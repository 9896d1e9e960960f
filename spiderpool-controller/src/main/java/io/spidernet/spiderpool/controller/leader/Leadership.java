package io.spidernet.spiderpool.controller.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spidernet.spiderpool.controller.ControllerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Upstream's leader election: a Lease ({@code spiderpool-controller-leases}, 15 s / 10 s / 2 s) in
 * Spiderpool's namespace. The holder starts every {@link LeaderDuty}; a holder that fails to renew
 * exits (its pod restarts as a follower), as upstream's controller does, so two replicas never
 * reconcile at once for longer than the renew deadline allows.
 */
@ApplicationScoped
public class Leadership {
    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final ControllerConfig config;
    private final Instance<LeaderDuty> duties;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final String identity;
    private volatile CompletableFuture<?> election;

    Leadership(KubernetesClient client, ControllerConfig config, Instance<LeaderDuty> duties) {
        this.client = client;
        this.config = config;
        this.duties = duties;
        this.identity = config.podName().orElseGet(Leadership::hostIdentity);
    }

    void onStart(@Observes StartupEvent ignored) {
        ControllerConfig.LeaderElection le = config.leaderElection();
        switch (le.mode()) {
            case NEVER -> {
                LOG.info("spiderpool.controller.leader-election.mode=never: webhooks and admin API only, no reconcilers or GC");
                return;
            }
            case ALWAYS -> {
                LOG.info("spiderpool.controller.leader-election.mode=always: this replica leads without a lease");
                becomeLeader();
                return;
            }
            case LEASE -> { }
        }
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("spiderpool-controller")
                .withLock(new LeaseLock(config.namespace(), le.leaseName(), identity))
                .withLeaseDuration(le.leaseDuration())
                .withRenewDeadline(le.renewDeadline())
                .withRetryPeriod(le.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::becomeLeader, this::lostLease,
                        leader -> LOG.infof("lease %s/%s is held by %s", config.namespace(), le.leaseName(), leader)))
                .build()).build();
        LOG.infof("%s competes for lease %s/%s", identity, config.namespace(), le.leaseName());
        election = elector.start();
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stopping.set(true);
        CompletableFuture<?> e = election;
        if (e != null) {
            e.cancel(true); // releases the lease so a follower takes over at once, not after its expiry
        }
    }

    public boolean isLeader() {
        return leading.get();
    }

    public String identity() {
        return identity;
    }

    private void becomeLeader() {
        if (!leading.compareAndSet(false, true)) {
            return;
        }
        List<LeaderDuty> all = duties.stream().toList();
        LOG.infof("%s leads; starting %s", identity, all.stream().map(LeaderDuty::name).toList());
        for (LeaderDuty duty : all) {
            duty.start();
        }
    }

    private void lostLease() {
        if (stopping.get() || !leading.get()) {
            return;
        }
        LOG.errorf("%s lost lease %s/%s; exiting so the new leader reconciles alone", identity, config.namespace(),
                config.leaderElection().leaseName());
        Quarkus.asyncExit(1);
    }

    private static String hostIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "spiderpool-controller";
        }
        // two processes on one host (tests, a dev machine) must still be told apart
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
