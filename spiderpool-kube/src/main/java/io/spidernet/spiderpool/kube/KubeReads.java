package io.spidernet.spiderpool.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads where 404 means absent: the object is gone, or its kind is not installed (a cluster without
 * KubeVirt has no VirtualMachine to find). Any other failure is the caller's to report: an API
 * server that cannot answer is no proof that the object is not there.
 */
public final class KubeReads {
    private KubeReads() {}

    /** The object {@code read} returns; empty on 404; any other failure is thrown as the client threw it. */
    public static <T> Optional<T> orAbsent(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** As {@link #orAbsent(Supplier)}, but another failure is a {@link KubernetesStoreException} naming {@code what}. */
    public static <T> Optional<T> orAbsent(Supplier<T> read, String what) {
        try {
            return orAbsent(read);
        } catch (KubernetesClientException e) {
            throw new KubernetesStoreException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
