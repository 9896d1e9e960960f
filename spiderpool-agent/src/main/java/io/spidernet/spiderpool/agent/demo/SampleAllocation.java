package io.spidernet.spiderpool.agent.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.MemoryPoolStore;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.selection.PodFacts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The README's demo until the node path runs end to end: loads the SpiderIPPool and
 * SpiderReservedIP manifests of a directory, then allocates for sample pods with the real
 * selection and allocation code against an in-memory store, and prints what each pod gets and
 * the pools' resulting {@code status.allocatedIPs}.
 *
 * <p>Usage: {@code SampleAllocation <manifest-dir> [pod-annotation-key=value ...]}
 */
public final class SampleAllocation {
    private static final ObjectMapper YAML = new YAMLMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SampleAllocation() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SampleAllocation <manifest-dir> [pod-annotation-key=value ...]");
            System.exit(2);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                System.err.println("pod annotation '" + args[i] + "' is not key=value");
                System.exit(2);
            }
            annotations.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        System.exit(run(Path.of(args[0]), annotations, System.out));
    }

    static int run(Path dir, Map<String, String> annotations, PrintStream out) throws IOException {
        List<SpiderIPPool> pools = new ArrayList<>();
        List<SpiderReservedIP> reserved = new ArrayList<>();
        load(dir, pools, reserved);
        MemoryPoolStore store = new MemoryPoolStore();
        pools.forEach(store::put);
        out.printf("loaded %d SpiderIPPools and %d SpiderReservedIPs from %s%n", pools.size(), reserved.size(), dir);

        PodAllocator allocator = new PodAllocator(new AllocationEngine(store, RetryPolicy.immediate(5), 5000),
                SpiderpoolConf.defaults(), "kube-system", null);
        int failures = 0;
        for (int i = 1; i <= 2; i++) {
            PodRef pod = new PodRef("default", "sample-" + i, "00000000-0000-0000-0000-00000000000" + i);
            PodFacts facts = new PodFacts(pod.namespace(), pod.name(), Map.of("app", "sample"), Map.of(), "node-1",
                    Map.of(), new PodFacts.TopController("apps", "v1", "Deployment", "default", "sample", "deploy-uid"));
            try {
                IpamAnswer a = allocator.allocate(new PodAllocator.Request("eth0", pod, facts, annotations, Map.of(),
                        PoolNames.none(), false), new PodAllocator.Snapshot(store.list(), reserved));
                print(out, pod, a);
            } catch (IpamException e) {
                out.printf("%npod %s NIC eth0: FAILED (%s)%n  %s%n", pod, e.getClass().getSimpleName(), e.getMessage());
                failures++;
            }
        }
        out.printf("%npool ledgers (status.allocatedIPs, upstream's format):%n");
        for (SpiderIPPool p : store.list()) {
            if (p.getStatus() != null && p.getStatus().getAllocatedIPs() != null) {
                out.printf("  %s: %s%n", p.getMetadata().getName(), p.getStatus().getAllocatedIPs());
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static void print(PrintStream out, PodRef pod, IpamAnswer a) {
        out.printf("%npod %s NIC eth0: pools from %s%n", pod, a.selection().source().description());
        for (IpAllocation ip : a.allocations()) {
            out.printf("  %-4s %-22s from %-20s gateway %s%n", ip.family(), ip.addressWithPrefix(), ip.pool(),
                    ip.gateway() == null ? "-" : ip.gateway());
        }
        a.routes().forEach(r -> out.printf("  route %s %s via %s%n", r.ifName(), r.dst(), r.gw()));
        a.selection().rejections().forEach(r -> out.printf("  not used: %s%n", r));
        a.warnings().forEach(w -> out.printf("  warning: %s%n", w));
    }

    private static void load(Path dir, List<SpiderIPPool> pools, List<SpiderReservedIP> reserved) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path f : files) {
            try (var parser = new YAMLFactory().createParser(f.toFile())) {
                for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                    String kind = doc.path("kind").asText();
                    if (kind.equals("SpiderIPPool")) {
                        pools.add(YAML.treeToValue(doc, SpiderIPPool.class));
                    } else if (kind.equals("SpiderReservedIP")) {
                        reserved.add(YAML.treeToValue(doc, SpiderReservedIP.class));
                    }
                }
            }
        }
    }

}
