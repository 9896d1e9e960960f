package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The pool half of a plan: create a pool, or set labels, annotations and spec.ips on an existing one. */
public sealed interface PoolWrite {

    String poolName();

    record Create(SpiderIPPool pool) implements PoolWrite {
        public Create {
            Objects.requireNonNull(pool, "pool");
        }

        @Override
        public String poolName() {
            return pool.getMetadata().getName();
        }
    }

    /**
     * Only the keys named here change; everything else on the pool (other labels, affinity the
     * webhook set, status) stays. {@code owner-application-uid} among the labels is how a retained
     * pool passes to a re-created application.
     */
    record Update(String poolName, Map<String, String> labels, Map<String, String> annotations, List<String> ips)
            implements PoolWrite {
        public Update {
            Objects.requireNonNull(poolName, "poolName");
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
            ips = List.copyOf(ips);
        }

        /**
         * Writes the change into {@code pool}, which the caller owns: a copy of the informer's object,
         * or the one fabric8's {@code edit} hands in.
         */
        public SpiderIPPool applyTo(SpiderIPPool pool) {
            Map<String, String> l = new LinkedHashMap<>(orEmpty(pool.getMetadata().getLabels()));
            l.putAll(labels);
            pool.getMetadata().setLabels(l);
            Map<String, String> a = new LinkedHashMap<>(orEmpty(pool.getMetadata().getAnnotations()));
            a.putAll(annotations);
            pool.getMetadata().setAnnotations(a);
            pool.getSpec().setIps(new ArrayList<>(ips));
            return pool;
        }

        private static Map<String, String> orEmpty(Map<String, String> m) {
            return m == null ? Map.of() : m;
        }
    }
}
