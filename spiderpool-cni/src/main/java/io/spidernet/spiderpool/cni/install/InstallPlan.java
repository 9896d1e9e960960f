package io.spidernet.spiderpool.cni.install;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one install run changes in the target, decided from its state alone (pure), in the order
 * {@link TargetWriter} applies it: remove leftovers, put the version directory in place (copy it, or
 * replace a damaged one), rewrite the plugins' entry scripts that do not run it yet, mark the
 * versions that stop being run as retired now, point {@code previous} and {@code current}, and
 * delete versions retired longer than {@code cleanupAfter} ago.
 *
 * <p>Kept however old: the new version, {@code previous} (a plugin started just before the switch
 * may still run from it, and it is the version to go back to), and whatever an entry script ran
 * before this run. So a node holds two versions, plus those retired within {@code cleanupAfter}.
 */
public record InstallPlan(String version, VersionOnDisk onDisk, Map<String, String> writeScripts,
        Optional<String> setPrevious, boolean setCurrent, Set<String> retire, List<String> deleteVersions,
        Set<String> deleteLeftovers) {
    /** What the target holds under the new version's name, as the installer found by hashing it. */
    public enum VersionOnDisk { ABSENT, INTACT, DAMAGED }

    public InstallPlan {
        writeScripts = Collections.unmodifiableMap(new LinkedHashMap<>(writeScripts)); // in the plugins' order
        retire = Set.copyOf(retire);
        deleteVersions = List.copyOf(deleteVersions);
        deleteLeftovers = Set.copyOf(deleteLeftovers);
    }

    public static InstallPlan of(TargetState state, String version, VersionOnDisk onDisk, List<String> plugins, Instant now,
            Duration cleanupAfter) {
        Map<String, String> writeScripts = new LinkedHashMap<>();
        Set<String> ranBefore = new TreeSet<>();
        for (String plugin : plugins) {
            String existing = state.entryScripts().get(plugin);
            Optional<String> runs = existing == null ? Optional.empty() : EntryScript.versionOf(plugin, existing);
            runs.ifPresent(ranBefore::add);
            if (!runs.equals(Optional.of(version))) {
                writeScripts.put(plugin, EntryScript.text(plugin, version));
            }
        }
        state.current().ifPresent(ranBefore::add);

        Optional<String> setPrevious = state.current().filter(c -> !c.equals(version) && !state.previous().equals(Optional.of(c)));
        String previousAfter = state.current().filter(c -> !c.equals(version)).or(state::previous).orElse(null);
        Set<String> retire = new TreeSet<>();
        for (String v : ranBefore) {
            if (!v.equals(version) && state.versions().containsKey(v)) {
                retire.add(v);
            }
        }
        List<String> delete = new ArrayList<>();
        for (Map.Entry<String, Instant> v : state.versions().entrySet()) {
            String name = v.getKey();
            boolean kept = name.equals(version) || name.equals(previousAfter) || retire.contains(name);
            if (!kept && !v.getValue().plus(cleanupAfter).isAfter(now)) {
                delete.add(name);
            }
        }
        delete.sort(null);
        boolean setCurrent = !state.current().equals(Optional.of(version));
        return new InstallPlan(version, onDisk, writeScripts, setPrevious, setCurrent, retire, delete, state.leftovers());
    }

    public boolean copiesVersion() {
        return onDisk != VersionOnDisk.INTACT;
    }

    /** True when the target already runs this version and nothing is due for removal. */
    public boolean changesNothing() {
        return !copiesVersion() && writeScripts.isEmpty() && setPrevious.isEmpty() && !setCurrent && retire.isEmpty()
                && deleteVersions.isEmpty() && deleteLeftovers.isEmpty();
    }
}
