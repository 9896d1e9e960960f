package io.spidernet.spiderpool.controller.metrics;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.spidernet.spiderpool.controller.leader.LeaderDuty;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.allocation.ReservedAddresses;
import io.spidernet.spiderpool.core.autopool.SubnetLedger;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Upstream's inventory gauges, renewed every {@code SPIDERPOOL_METRIC_RENEW_PERIOD} by the leader:
 * how many pools and subnets exist, and with {@code SPIDERPOOL_ENABLED_DEBUG_METRIC} each one's total
 * and available addresses. Upstream counts the per-object ones as counters that grow with every
 * reconcile; gauges say what is true now.
 */
public class InventoryMetrics implements LeaderDuty {
    private static final Logger LOG = Logger.getLogger(InventoryMetrics.class);

    private final KubernetesClient client;
    private final Duration period;
    private final boolean debug;
    private final AtomicLong pools = new AtomicLong();
    private final AtomicLong subnets = new AtomicLong();
    private final MultiGauge poolTotal;
    private final MultiGauge poolAvailable;
    private final MultiGauge subnetTotal;
    private final MultiGauge subnetAvailable;
    private final MultiGauge subnetPools;
    private ScheduledExecutorService timer;

    public InventoryMetrics(KubernetesClient client, MeterRegistry registry, Duration period, boolean debug) {
        this.client = client;
        this.period = period;
        this.debug = debug;
        Gauge.builder("spiderpool_total_ippool_counts", pools, AtomicLong::get).description("SpiderIPPools").register(registry);
        Gauge.builder("spiderpool_total_subnet_counts", subnets, AtomicLong::get).description("SpiderSubnets").register(registry);
        poolTotal = MultiGauge.builder("spiderpool_debug_ippool_total_ip_counts").register(registry);
        poolAvailable = MultiGauge.builder("spiderpool_debug_ippool_available_ip_counts").register(registry);
        subnetTotal = MultiGauge.builder("spiderpool_debug_subnet_total_ip_counts").register(registry);
        subnetAvailable = MultiGauge.builder("spiderpool_debug_subnet_available_ip_counts").register(registry);
        subnetPools = MultiGauge.builder("spiderpool_debug_subnet_ippool_counts").register(registry);
    }

    @Override
    public String name() {
        return "inventory metrics";
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("spiderpool-metrics").daemon().factory());
        timer.scheduleWithFixedDelay(this::renewLogged, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One renewal from the API. */
    public void renew() {
        List<SpiderIPPool> allPools = client.resources(SpiderIPPool.class).list().getItems();
        List<SpiderSubnet> allSubnets = client.resources(SpiderSubnet.class).list().getItems();
        pools.set(allPools.size());
        subnets.set(allSubnets.size());
        if (!debug) {
            return;
        }
        List<MultiGauge.Row<?>> total = new ArrayList<>();
        List<MultiGauge.Row<?>> available = new ArrayList<>();
        for (SpiderIPPool pool : allPools) {
            try {
                PoolLedger ledger = PoolLedger.of(pool);
                Tags tag = Tags.of("SpiderIPPool", pool.getMetadata().getName());
                total.add(MultiGauge.Row.of(tag, ledger.allowed().size().doubleValue()));
                available.add(MultiGauge.Row.of(tag, ledger.allowed().subtract(ledger.allocated()).size().doubleValue()));
            } catch (RuntimeException e) {
                LOG.debugf("SpiderIPPool %s not counted: %s", pool.getMetadata().getName(), e.getMessage());
            }
        }
        poolTotal.register(total, true);
        poolAvailable.register(available, true);
        var reserved = ReservedAddresses.of(client.resources(SpiderReservedIP.class).list().getItems());
        List<MultiGauge.Row<?>> sTotal = new ArrayList<>();
        List<MultiGauge.Row<?>> sAvailable = new ArrayList<>();
        List<MultiGauge.Row<?>> sPools = new ArrayList<>();
        for (SpiderSubnet subnet : allSubnets) {
            try {
                SubnetLedger ledger = SubnetLedger.of(subnet, allPools, reserved);
                Tags tag = Tags.of("SpiderSubnet", subnet.getMetadata().getName());
                sTotal.add(MultiGauge.Row.of(tag, ledger.total().size().doubleValue()));
                sAvailable.add(MultiGauge.Row.of(tag, ledger.freeFor("").size().doubleValue()));
                sPools.add(MultiGauge.Row.of(tag, ledger.recordedPools().size()));
            } catch (RuntimeException e) {
                LOG.debugf("SpiderSubnet %s not counted: %s", subnet.getMetadata().getName(), e.getMessage());
            }
        }
        subnetTotal.register(sTotal, true);
        subnetAvailable.register(sAvailable, true);
        subnetPools.register(sPools, true);
    }

    private void renewLogged() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warnf("inventory metrics not renewed: %s", e.getMessage());
        }
    }
}
