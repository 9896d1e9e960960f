package io.spidernet.spiderpool.cni.install;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the installer finds in the target before it changes anything: the version directories under
 * {@code spiderpool.d/} with their modification times (set when a version stops being current, so
 * the time it was retired), the {@code current} and {@code previous} links, the text of each
 * plugin's file at the top of the target (absent when missing, not a small regular file, or
 * unreadable), and leftovers of an interrupted run ({@code .tmp-*}).
 */
public record TargetState(Map<String, Instant> versions, Optional<String> current, Optional<String> previous,
        Map<String, String> entryScripts, Set<String> leftovers) {
    public static final TargetState EMPTY = new TargetState(Map.of(), Optional.empty(), Optional.empty(), Map.of(), Set.of());

    public TargetState {
        versions = Map.copyOf(versions);
        entryScripts = Map.copyOf(entryScripts);
        leftovers = Set.copyOf(leftovers);
    }
}
