package io.spidernet.spiderpool.core.coordinator.status;

/**
 * A discovery source could not give what the status needs: the SpiderCoordinator becomes NotReady
 * with this message as its reason, and {@code event} (when not null) is the Warning to record.
 */
final class NotReady extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient DiscoveryEvent event;

    NotReady(String reason) {
        this(reason, null);
    }

    NotReady(String reason, DiscoveryEvent event) {
        super(reason, null, false, false);
        this.event = event;
    }

    DiscoveryEvent event() {
        return event;
    }
}
