package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The objects this agent wrote last, by informer key, to be served instead of an informer's copy until
 * the informer catches up: an informer lags its own client's writes, and serving the older copy would
 * cost a 409 (pools) or a needless read (endpoints).
 *
 * <p>A copy is dropped as soon as it is not needed: when the informer delivers the object at least as
 * new ({@link #seen}), when it reports the object deleted ({@link #deleted}), and at {@link #put} when
 * the informer already has it (its event came before our write returned). Without that, every pod
 * that ever had an endpoint written here would stay in memory.
 *
 * <p>As a backstop, copies older than {@link #MAX_AGE} or beyond {@link #MAX_ENTRIES} (oldest first) are
 * dropped too, for the cases no event settles (an object deleted before our write returned). Informers
 * lag by milliseconds; one that lags by minutes has lost its watch, and a copy dropped then only costs
 * what a lagging informer costs anyway: the older copy is served, its write gets a 409 and the next
 * attempt reads the API. So the bound can lose a useful copy, never a correct answer.
 *
 * <p>Kubernetes calls resourceVersions opaque; every API server we know of (etcd revisions, fabric8's
 * mock) issues increasing integers, so they are compared as such. When one is not an integer the
 * informer's copy wins, which at worst costs one conflict and a fresh read.
 */
final class VersionedCopies<T extends HasMetadata> {
    static final int MAX_ENTRIES = 4096;
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Copy<T>(T object, long writtenAt) {}

    private final Function<String, Optional<T>> informer;
    private final int maxEntries;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    /** Oldest write first (a key written again moves to the end), so the backstop trims from the head. */
    private final LinkedHashMap<String, Copy<T>> written = new LinkedHashMap<>();

    /** @param informer the informer's copy by key ({@code namespace/name}, or the name of a cluster-wide kind) */
    VersionedCopies(Function<String, Optional<T>> informer) {
        this(informer, MAX_ENTRIES, MAX_AGE, System::nanoTime);
    }

    VersionedCopies(Function<String, Optional<T>> informer, int maxEntries, Duration maxAge, LongSupplier nanoClock) {
        this.informer = informer;
        this.maxEntries = maxEntries;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoClock = nanoClock;
    }

    synchronized void put(String key, T object) {
        written.remove(key);
        if (!newerThanInformer(object, informer.apply(key))) {
            return; // the informer delivered it (or something newer) before our write returned
        }
        long now = nanoClock.getAsLong();
        written.put(key, new Copy<>(object, now));
        trim(now);
    }

    synchronized void forget(String key) {
        written.remove(key);
    }

    /** The informer delivered {@code object} (added or updated): our copy goes when it is not newer. */
    synchronized void seen(T object) {
        String key = Cache.metaNamespaceKeyFunc(object);
        Copy<T> own = written.get(key);
        if (own != null && !newerThanInformer(own.object(), Optional.of(object))) {
            written.remove(key);
        }
    }

    /**
     * The informer reports {@code object} deleted: our copy goes when it is of that object (same UID), or
     * not newer than the deletion. A copy of a newer object of the same name (created after that
     * deletion) stays.
     */
    synchronized void deleted(T object) {
        String key = Cache.metaNamespaceKeyFunc(object);
        Copy<T> own = written.get(key);
        if (own != null && (uid(own.object()) != null && uid(own.object()).equals(uid(object))
                || !newerThanInformer(own.object(), Optional.of(object)))) {
            written.remove(key);
        }
    }

    /** The newer of the informer's copy and ours. */
    synchronized Optional<T> newest(String key, Optional<T> informerCopy) {
        trim(nanoClock.getAsLong());
        Copy<T> own = written.get(key);
        if (own == null) {
            return informerCopy;
        }
        if (informerCopy.isEmpty()) {
            // not listed yet, or deleted before our write returned: the next write tells which
            return Optional.of(own.object());
        }
        if (newerThanInformer(own.object(), informerCopy)) {
            return Optional.of(own.object());
        }
        written.remove(key); // the informer has caught up
        return informerCopy;
    }

    /** The keys of the copies held (some may be caught up by the informer already). */
    synchronized List<String> keys() {
        return List.copyOf(written.keySet());
    }

    /** Copies held, for the start-up and status logs. */
    synchronized int size() {
        return written.size();
    }

    private void trim(long now) {
        Iterator<Copy<T>> oldestFirst = written.values().iterator();
        while (oldestFirst.hasNext()) {
            Copy<T> c = oldestFirst.next();
            if (written.size() <= maxEntries && now - c.writtenAt() <= maxAgeNanos) {
                return;
            }
            oldestFirst.remove();
        }
    }

    /** Whether ours is known to be newer than the informer's copy; an absent copy is older than anything. */
    private static boolean newerThanInformer(HasMetadata own, Optional<? extends HasMetadata> informerCopy) {
        return informerCopy.isEmpty() || newer(own, informerCopy.get().getMetadata().getResourceVersion());
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

    private static String uid(HasMetadata object) {
        return object.getMetadata() == null ? null : object.getMetadata().getUid();
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
