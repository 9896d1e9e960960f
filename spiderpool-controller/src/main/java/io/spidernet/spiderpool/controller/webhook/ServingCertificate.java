package io.spidernet.spiderpool.controller.webhook;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The controller's serving certificate as it is now, for every TLS server it runs (the webhooks,
 * and any other port serving the same certificate): read {@link #current()} when starting, and
 * {@link #onChange} to swap it in when a renewal is picked up, without a restart. A CDI bean
 * ({@link CertificateKeeper} produces it, already ensured); nothing here does I/O.
 */
public final class ServingCertificate {
    private static final Logger LOG = Logger.getLogger(ServingCertificate.class);

    /** Ends the calls of one {@link #onChange} listener. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final CopyOnWriteArrayList<Consumer<TlsMaterial>> listeners = new CopyOnWriteArrayList<>();
    private volatile TlsMaterial current;

    public ServingCertificate(TlsMaterial initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The certificate, key and CA bundle to serve now. */
    public TlsMaterial current() {
        return current;
    }

    /**
     * Calls {@code listener} with each new certificate, after {@link #current()} already returns it,
     * on the thread that picked it up (keep it short: hand the material to the server and return).
     * Closing the returned handle stops the calls.
     */
    public Subscription onChange(Consumer<TlsMaterial> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** Makes {@code next} current and tells the listeners; nothing when it is what is served already. */
    public void replace(TlsMaterial next) {
        if (next.equals(current)) {
            return;
        }
        current = next;
        LOG.infof("serving certificate now %s", next);
        for (Consumer<TlsMaterial> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                // one server failing to swap must not keep the others on the old certificate
                LOG.errorf(e, "a listener failed to take the new serving certificate %s", next);
            }
        }
    }
}
