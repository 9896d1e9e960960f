package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.Locale;

/**
 * The name of a new auto-pool: {@code auto<4|6>-<app name>-<nic>-<uid tail>}, lowercase. The uid
 * tail (at most 5 characters of the UID's last segment) keeps a re-created application of the same
 * name from colliding with a pool it left behind.
 */
public final class AutoPoolNames {
    /** The longest Kubernetes object name (a DNS subdomain). */
    public static final int MAX_LENGTH = 253;

    private AutoPoolNames() {}

    /** Shortens the application name, never the rest, so that the whole fits in {@link #MAX_LENGTH} (I00017). */
    public static String of(Application app, String nic, IpFamily family) {
        String prefix = "auto" + family.version() + "-";
        String suffix = "-" + nic.toLowerCase(Locale.ROOT) + "-" + uidTail(app.uid());
        String name = app.name().toLowerCase(Locale.ROOT);
        int room = MAX_LENGTH - prefix.length() - suffix.length();
        if (name.length() > room) {
            name = name.substring(0, Math.max(room, 0));
        }
        return prefix + name + suffix;
    }

    private static String uidTail(String uid) {
        String last = uid.substring(uid.lastIndexOf('-') + 1);
        return last.substring(0, Math.min(5, last.length())).toLowerCase(Locale.ROOT);
    }
}
