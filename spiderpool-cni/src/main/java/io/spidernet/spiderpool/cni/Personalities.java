package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place that knows which plugin answers to which name. The CNI binary is one program
 * installed as {@code spiderpool}, {@code coordinator} and {@code ifacer} (the latter two
 * symlinks to the first, see src/package/build-cni-tree.sh); the runtime execs a plugin by its
 * {@code type}, so the name it was invoked by chooses the personality. A new personality is one
 * line in {@link #REGISTERED}; {@link AotTrainingRun} trains every one listed there.
 */
final class Personalities {
    static final String SPIDERPOOL = "spiderpool";
    static final String COORDINATOR = "coordinator";
    static final String IFACER = "ifacer";

    /** One name the program answers to and how to make its plugin (made per invocation, one per process). */
    record Personality(String name, Supplier<CniPlugin> plugin) {}

    // The order is the one error messages list the names in.
    private static final List<Personality> REGISTERED = List.of(
            new Personality(SPIDERPOOL, () -> new IpamPlugin(AgentClient.CALL_TIMEOUT_MILLIS, new NetnsContainerAddresses())),
            // best-effort failures (an announcement not sent) go to stderr, which runtimes log
            new Personality(COORDINATOR, () -> new CoordinatorPlugin(AgentClient.CALL_TIMEOUT_MILLIS, System.err::println)),
            // a lambda, not IfacerPlugin::onHost: a method reference is resolved when this list is
            // built, which would load and verify IfacerPlugin (and the netlink classes it catches)
            // on every exec of every personality
            new Personality(IFACER, () -> IfacerPlugin.onHost()));

    private Personalities() {}

    static List<Personality> registered() {
        return REGISTERED;
    }

    static List<String> names() {
        List<String> names = new ArrayList<>(REGISTERED.size());
        for (Personality p : REGISTERED) {
            names.add(p.name());
        }
        return names;
    }

    /**
     * The personality for an invocation. {@code invokedAs} is the launcher's {@code $0} (any
     * directory part is ignored), null when the program was started without the launcher, e.g.
     * {@code java -jar}; then, or when {@code $0} is no registered name, a first argument that is
     * one selects it. Without either, the program is the IPAM plugin it always was, so that
     * {@code java -cp … CniMain} keeps working.
     *
     * @throws CniError when the name is none of the registered ones; it names all of them
     */
    static Personality select(String invokedAs, String[] args) {
        String firstArgument = args.length > 0 ? args[0] : null;
        String invoked = invokedAs == null ? null : baseName(invokedAs);
        Personality chosen = find(invoked);
        if (chosen == null) {
            chosen = find(firstArgument);
        }
        if (chosen == null && invoked == null && firstArgument == null) {
            chosen = find(SPIDERPOOL);
        }
        if (chosen == null) {
            throw unknown(invoked != null ? invoked : firstArgument);
        }
        return chosen;
    }

    private static Personality find(String name) {
        for (Personality p : REGISTERED) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String baseName(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static CniError unknown(String name) {
        return new CniError.Spiderpool(SpiderpoolErrorKind.UNKNOWN_PLUGIN_NAME, "invoked as \"" + name
                + "\"; the plugins of this program are " + String.join(", ", names())
                + " (without the launcher, the first argument may name one)");
    }

    /** The reply for an unknown name, in the latest version: the configuration was not read. */
    static CniPlugin.Reply unknownNameReply(CniError error) {
        return new CniPlugin.Reply(error.toJson(CniVersion.LATEST.text()), 1);
    }
}
