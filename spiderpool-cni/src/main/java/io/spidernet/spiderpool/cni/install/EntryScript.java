package io.spidernet.spiderpool.cni.install;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small file the container runtime executes as {@code <target>/spiderpool} (or coordinator,
 * ifacer): it execs the plugin of one version directory under {@code spiderpool.d/}. It names
 * that directory itself rather than going through {@code spiderpool.d/current}: the launcher finds
 * its runtime, jars and AOT cache from the path it was started by, and through {@code current} an
 * execution that straddles a switch could take the launcher of one version and the jars of the
 * next. A new version replaces this file by rename, so a runtime reads the old or the new one,
 * whole. The directory is found from {@code $0}, because the host's path ({@code /opt/cni/bin})
 * differs from the installer's ({@code /host/opt/cni/bin}); links to the file are followed.
 */
public final class EntryScript {
    static final int MAX_BYTES = 4096;
    private static final Pattern VERSION = Pattern.compile("\nexec \"\\$d/spiderpool\\.d/([0-9a-f]{"
            + PluginTree.VERSION_CHARS + "})/([a-z]+)\" \"\\$@\"\n");

    private EntryScript() {}

    public static String text(String plugin, String version) {
        return """
                #!/bin/sh
                # The %1$s CNI plugin, version %2$s, installed by spiderpool's install-cni.
                # It runs spiderpool.d/%2$s/%1$s next to this file; install-cni replaces this
                # file by rename when it installs another version. Do not edit: the next install overwrites it.
                self=$0
                case $self in */*) ;; *) self=./$self ;; esac
                while [ -L "$self" ]; do
                  link=$(readlink -- "$self") || break
                  case $link in /*) self=$link ;; *) self=${self%%/*}/$link ;; esac
                done
                d=${self%%/*}
                exec "$d/spiderpool.d/%2$s/%1$s" "$@"
                """.formatted(plugin, version);
    }

    /** The version an existing file at the plugin's name runs, when it is an entry script of ours for that plugin. */
    public static Optional<String> versionOf(String plugin, String text) {
        Matcher m = VERSION.matcher(text);
        if (text.length() > MAX_BYTES || !m.find() || !m.group(2).equals(plugin)) {
            return Optional.empty();
        }
        return Optional.of(m.group(1)).filter(v -> text.equals(text(plugin, v)));
    }
}
