package io.spidernet.spiderpool.core.coordinator;

import java.util.Locale;

/**
 * How the coordinator treats the pod's NIC (§4.3 of the upstream notes). {@link #AUTO} is resolved
 * per invocation into {@link #UNDERLAY} or {@link #OVERLAY} by {@link ModeResolver}.
 */
public enum CoordinatorMode {
    AUTO("auto"), UNDERLAY("underlay"), OVERLAY("overlay"), DISABLED("disabled");

    private final String text;

    CoordinatorMode(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /**
     * The mode named by {@code text}, or null when there is none. Both "disable" (the upstream
     * plugin's spelling) and "disabled" (the SpiderCoordinator CRD's enum) mean {@link #DISABLED}:
     * upstream's plugin rejects the CRD's own spelling, which we do not copy. Letter case is ignored.
     */
    public static CoordinatorMode find(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("disable")) {
            return DISABLED;
        }
        for (CoordinatorMode m : values()) {
            if (m.text.equals(t)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
