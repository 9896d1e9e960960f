package io.spidernet.spiderpool.core.workload;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A StatefulSet pod keeps its addresses while its replica slot still exists: the StatefulSet is there
 * and the pod's ordinal lies in {@code [start, start + replicas - 1]}. After a scale-down the slot is
 * gone and the addresses go back to the pool; scale-up later does not promise the old ones.
 */
public final class StatefulSetValidity {

    private StatefulSetValidity() {}

    /**
     * @param statefulSet a snapshot of the pod's StatefulSet (same namespace, the top controller's
     *                    name), empty when it no longer exists
     */
    public static Validity of(String podName, Optional<StatefulSet> statefulSet) {
        if (statefulSet.isEmpty()) {
            return Validity.invalid("StatefulSet not found");
        }
        StatefulSet sts = statefulSet.get();
        String stsName = sts.getMetadata().getName();
        OptionalInt ordinal = ordinal(podName, stsName);
        if (ordinal.isEmpty()) {
            return Validity.invalid("pod name " + podName + " is not " + stsName + "-<ordinal>");
        }
        int start = start(sts.getSpec());
        int replicas = replicas(sts.getSpec());
        int n = ordinal.getAsInt();
        // compare as long so that a huge start plus replicas cannot wrap around
        if (n < start || (long) n > (long) start + replicas - 1) {
            return Validity.invalid("ordinal " + n + " outside [" + start + ", " + ((long) start + replicas - 1) + "]");
        }
        return Validity.valid("ordinal " + n + " within [" + start + ", " + ((long) start + replicas - 1) + "]");
    }

    /** The {@code n} of {@code <sts>-<n>}, empty when the name has another shape. */
    static OptionalInt ordinal(String podName, String statefulSetName) {
        String prefix = statefulSetName + "-";
        if (podName == null || !podName.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = podName.substring(prefix.length());
        // only plain decimal digits: Integer.parseInt would accept "+3" or "-3"
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** The API server's defaults: ordinals start at 0 and replicas is 1 when unset. */
    private static int start(StatefulSetSpec spec) {
        if (spec == null || spec.getOrdinals() == null || spec.getOrdinals().getStart() == null) {
            return 0;
        }
        return spec.getOrdinals().getStart();
    }

    private static int replicas(StatefulSetSpec spec) {
        return spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
    }
}
