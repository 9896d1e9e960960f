package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.GcPreviewRow;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.gc.NodeReadiness;
import io.spidernet.spiderpool.core.gc.PoolRecord;
import io.spidernet.spiderpool.core.gc.ScanAllRules;
import io.spidernet.spiderpool.core.gc.ScanFacts;
import io.spidernet.spiderpool.core.gc.ScanVerdict;
import io.spidernet.spiderpool.core.gc.TraceEntry;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One scan-all pass over every pool record, deciding without acting: core's {@link ScanAllRules}
 * judge each record from the cached facts, and a release judged from the caches is judged again
 * from the API before it is planned (a cache that has not yet seen a new pod must never cost that
 * pod its address). What it plans, {@link GcReleaser#apply} carries out.
 */
final class ScanPass {
    private static final Logger LOG = Logger.getLogger(ScanPass.class);

    private final SpiderpoolConf conf;
    private final GcSettings settings;

    ScanPass(SpiderpoolConf conf, GcSettings settings) {
        this.conf = conf;
        this.settings = settings;
    }

    /**
     * What one pass decided.
     *
     * @param records           pool records looked at
     * @param spared            records judged free from the caches that the API showed still in use
     * @param releases          pool to address to the pod UID it was judged under
     * @param endpointsToDelete by {@code namespace/name}, each as it was judged
     * @param traces            pods within their grace period, left to the trace workers
     */
    record Plan(int records, int spared, Map<String, Map<String, String>> releases,
                Map<String, SpiderEndpoint> endpointsToDelete, List<TraceEntry> traces) {}

    /** Judges by {@code cached} and confirms each release with {@code api} (once, when they are one source). */
    Plan plan(List<SpiderIPPool> pools, ClusterFactsSource cached, ClusterFactsSource api, Instant now) {
        int records = 0;
        int spared = 0;
        Map<String, Map<String, String>> releases = new LinkedHashMap<>();
        Map<String, SpiderEndpoint> endpointsToDelete = new LinkedHashMap<>();
        List<TraceEntry> traces = new ArrayList<>();
        for (SpiderIPPool pool : pools) {
            for (PoolRecord record : records(pool)) {
                records++;
                ScanFacts facts = factsOf(record, cached);
                ScanVerdict verdict = ScanAllRules.verdict(record, facts, settings, now);
                if (verdict instanceof ScanVerdict.Release && cached != api) {
                    facts = factsOf(record, api);
                    ScanVerdict confirmed = ScanAllRules.verdict(record, facts, settings, now);
                    if (!(confirmed instanceof ScanVerdict.Release)) {
                        LOG.debugf("not freeing: the cache said \"%s\", the API says \"%s\"", verdict.reason(), confirmed.reason());
                        spared++;
                    }
                    verdict = confirmed;
                }
                switch (verdict) {
                    case ScanVerdict.Release r -> {
                        LOG.infof("freeing %s", r.reason());
                        releases.computeIfAbsent(record.pool(), p -> new LinkedHashMap<>()).put(record.ip(), record.podUid());
                        if (r.deleteEndpoint()) {
                            facts.endpoint().ifPresent(ep -> endpointsToDelete.put(record.podKey(), ep));
                        }
                    }
                    case ScanVerdict.Trace t -> traces.add(traceEntry(record, t, cached));
                    case ScanVerdict.Keep k -> { }
                }
            }
        }
        return new Plan(records, spared, releases, endpointsToDelete, traces);
    }

    /** What a pass would do now, record by record, judged from {@code facts} alone. */
    List<GcPreviewRow> preview(List<SpiderIPPool> pools, ClusterFactsSource facts, Instant now) {
        List<GcPreviewRow> rows = new ArrayList<>();
        for (SpiderIPPool pool : pools) {
            for (PoolRecord record : records(pool)) {
                rows.add(GcPreviewRow.of(record, ScanAllRules.verdict(record, factsOf(record, facts), settings, now)));
            }
        }
        rows.sort(GcPreviewRow.ORDER);
        return rows;
    }

    private static List<PoolRecord> records(SpiderIPPool pool) {
        PoolLedger ledger;
        try {
            ledger = PoolLedger.of(pool);
        } catch (RuntimeException e) {
            LOG.warnf("SpiderIPPool %s skipped by garbage collection: %s", pool.getMetadata().getName(), e.getMessage());
            return List.of();
        }
        return ledger.records().entrySet().stream()
                .map(e -> new PoolRecord(pool.getMetadata().getName(), e.getKey(), e.getValue())).toList();
    }

    private ScanFacts factsOf(PoolRecord record, ClusterFactsSource facts) {
        if (record.namespace().isEmpty() || record.name().isEmpty()) {
            return new ScanFacts(Optional.empty(), Optional.empty(), Optional.empty(), NodeReadiness.UNKNOWN);
        }
        return facts.scanFacts(record.namespace().get(), record.name().get(), conf);
    }

    private static TraceEntry traceEntry(PoolRecord record, ScanVerdict.Trace t, ClusterFactsSource facts) {
        String ns = record.namespace().orElseThrow();
        String name = record.name().orElseThrow();
        Optional<Pod> pod = facts.pod(ns, name);
        boolean finished = pod.map(PodEventHandler::finished).orElse(false);
        String node = pod.map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName()).orElse(null);
        return new TraceEntry(ns, name, record.podUid(), node,
                finished ? TraceEntry.Cause.FINISHED : TraceEntry.Cause.TERMINATING, t.until(), t.reason());
    }
}
