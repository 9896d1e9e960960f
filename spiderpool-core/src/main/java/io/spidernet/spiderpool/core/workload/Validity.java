package io.spidernet.spiderpool.core.workload;

/**
 * Whether a StatefulSet pod or KubeVirt VM still holds its addresses. DEL and GC keep addresses of a
 * valid workload and release those of an invalid one; the reason goes into logs so a release can be
 * explained.
 */
public record Validity(boolean valid, String reason) {

    static Validity valid(String reason) {
        return new Validity(true, reason);
    }

    static Validity invalid(String reason) {
        return new Validity(false, reason);
    }
}
