package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects this agent wrote last, by key, to be served instead of an informer's copy until the
 * informer catches up: an informer lags its own client's writes, and serving the older copy would
 * cost a 409 (pools) or a needless read (endpoints).
 *
 * <p>Kubernetes calls resourceVersions opaque; every API server we know of (etcd revisions, fabric8's
 * mock) issues increasing integers, so they are compared as such. When one is not an integer the
 * informer's copy wins, which at worst costs one conflict and a fresh read.
 */
final class VersionedCopies<T extends HasMetadata> {
    private final Map<String, T> written = new ConcurrentHashMap<>();

    void put(String key, T object) {
        written.put(key, object);
    }

    void forget(String key) {
        written.remove(key);
    }

    /** The newer of the informer's copy and ours. */
    Optional<T> newest(String key, Optional<T> informer) {
        T own = written.get(key);
        if (own == null) {
            return informer;
        }
        if (informer.isEmpty()) {
            // not listed yet, or deleted since our write: the next write tells which
            return Optional.of(own);
        }
        Long cached = version(informer.get());
        Long ours = version(own);
        if (cached != null && ours != null && ours > cached) {
            return Optional.of(own);
        }
        written.remove(key, own); // the informer has caught up
        return informer;
    }

    /** Whether {@code object} is known to be newer than {@code version}; false when either is not an integer. */
    static boolean newer(HasMetadata object, String version) {
        Long have = version(object);
        Long than = parse(version);
        return have != null && than != null && have > than;
    }

    /** Whether {@code version} can be compared at all (an integer); otherwise nothing is known newer than it. */
    static boolean comparable(String version) {
        return parse(version) != null;
    }

    private static Long version(HasMetadata object) {
        return object.getMetadata() == null ? null : parse(object.getMetadata().getResourceVersion());
    }

    private static Long parse(String version) {
        try {
            return version == null ? null : Long.parseLong(version);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
