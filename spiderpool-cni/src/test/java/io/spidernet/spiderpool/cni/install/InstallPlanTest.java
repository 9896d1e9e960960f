package io.spidernet.spiderpool.cni.install;

import static io.spidernet.spiderpool.cni.install.InstallPlan.VersionOnDisk.ABSENT;
import static io.spidernet.spiderpool.cni.install.InstallPlan.VersionOnDisk.DAMAGED;
import static io.spidernet.spiderpool.cni.install.InstallPlan.VersionOnDisk.INTACT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure decision of one install run: what is copied, switched, retired and deleted, and when nothing is. */
class InstallPlanTest {
    private static final List<String> PLUGINS = TreeRules.PLUGINS;
    private static final String A = "aaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbb";
    private static final String C = "cccccccccccccccc";
    private static final String D = "dddddddddddddddd";
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(600);

    @Test
    void aFreshTargetGetsTheVersionTheScriptsAndCurrentAndNothingElse() {
        InstallPlan plan = InstallPlan.of(TargetState.EMPTY, A, ABSENT, PLUGINS, NOW, GRACE);

        assertThat(plan.copiesVersion()).isTrue();
        assertThat(plan.writeScripts()).containsOnlyKeys(PLUGINS);
        assertThat(plan.writeScripts().get("coordinator")).isEqualTo(EntryScript.text("coordinator", A));
        assertThat(plan.setCurrent()).isTrue();
        assertThat(plan.setPrevious()).isEmpty();
        assertThat(plan.retire()).isEmpty();
        assertThat(plan.deleteVersions()).isEmpty();
        assertThat(plan.changesNothing()).isFalse();
    }

    @Test
    void theSameVersionAgainChangesNothing() {
        TargetState installed = state(Map.of(A, NOW.minusSeconds(5)), A, null, scripts(A));

        InstallPlan plan = InstallPlan.of(installed, A, INTACT, PLUGINS, NOW, GRACE);

        assertThat(plan.changesNothing()).isTrue();
    }

    @Test
    void theSameVersionWithADamagedDirectoryOrAForeignScriptIsRepaired() {
        TargetState installed = state(Map.of(A, NOW), A, null, scripts(A));
        assertThat(InstallPlan.of(installed, A, DAMAGED, PLUGINS, NOW, GRACE).copiesVersion()).isTrue();

        Map<String, String> foreign = new HashMap<>(scripts(A));
        foreign.put("ifacer", "#!/bin/sh\nexec /usr/local/bin/upstream-ifacer \"$@\"\n");
        InstallPlan plan = InstallPlan.of(state(Map.of(A, NOW), A, null, foreign), A, INTACT, PLUGINS, NOW, GRACE);
        assertThat(plan.writeScripts()).containsOnlyKeys("ifacer");
        assertThat(plan.changesNothing()).isFalse();
    }

    @Test
    void anUpgradeMakesTheOldCurrentPreviousAndRetiresItNow() {
        TargetState installed = state(Map.of(A, NOW.minusSeconds(86_400)), A, null, scripts(A));

        InstallPlan plan = InstallPlan.of(installed, B, ABSENT, PLUGINS, NOW, GRACE);

        assertThat(plan.writeScripts()).containsOnlyKeys(PLUGINS);
        assertThat(plan.setPrevious()).contains(A);
        assertThat(plan.setCurrent()).isTrue();
        assertThat(plan.retire()).containsExactly(A);
        assertThat(plan.deleteVersions()).isEmpty();
    }

    @Test
    void goingBackToPreviousReusesItsDirectory() {
        TargetState installed = state(Map.of(A, NOW.minusSeconds(30), B, NOW.minusSeconds(60)), B, A, scripts(B));

        InstallPlan plan = InstallPlan.of(installed, A, INTACT, PLUGINS, NOW, GRACE);

        assertThat(plan.copiesVersion()).isFalse();
        assertThat(plan.setPrevious()).contains(B);
        assertThat(plan.retire()).containsExactly(B);
        assertThat(plan.deleteVersions()).isEmpty();
    }

    @Test
    void aVersionOlderThanPreviousIsDeletedOnlyOnceItWasRetiredLongerThanTheCleanupDelay() {
        // C current, B previous; A retired 599 s ago, D 600 s ago
        Map<String, Instant> versions = Map.of(A, NOW.minusSeconds(599), B, NOW.minusSeconds(3600), C, NOW.minusSeconds(30),
                D, NOW.minusSeconds(600));
        TargetState installed = state(versions, C, B, scripts(C));

        InstallPlan sameAgain = InstallPlan.of(installed, C, INTACT, PLUGINS, NOW, GRACE);
        assertThat(sameAgain.deleteVersions()).containsExactly(D);
        assertThat(sameAgain.changesNothing()).isFalse();

        InstallPlan aSecondLater = InstallPlan.of(installed, C, INTACT, PLUGINS, NOW.plusSeconds(1), GRACE);
        assertThat(aSecondLater.deleteVersions()).containsExactly(A, D);

        InstallPlan noDelay = InstallPlan.of(installed, C, INTACT, PLUGINS, NOW, Duration.ZERO);
        assertThat(noDelay.deleteVersions()).as("previous is kept however old").containsExactly(A, D);
    }

    @Test
    void onUpgradeTheOldPreviousGoesAfterTheDelayButTheOldCurrentStays() {
        TargetState installed = state(Map.of(A, NOW.minusSeconds(700), B, NOW.minusSeconds(100)), B, A, scripts(B));

        InstallPlan plan = InstallPlan.of(installed, C, ABSENT, PLUGINS, NOW, GRACE);
        assertThat(plan.setPrevious()).contains(B);
        assertThat(plan.retire()).containsExactly(B);
        assertThat(plan.deleteVersions()).containsExactly(A);

        TargetState recent = state(Map.of(A, NOW.minusSeconds(10), B, NOW.minusSeconds(100)), B, A, scripts(B));
        assertThat(InstallPlan.of(recent, C, ABSENT, PLUGINS, NOW, GRACE).deleteVersions())
                .as("A was retired 10 s ago: a plugin started from it may still run").isEmpty();
    }

    @Test
    void aVersionAScriptStillRunsIsKeptAndRetiredEvenWithoutCurrent() {
        // an interrupted run: scripts point at A, no current link
        TargetState interrupted = new TargetState(Map.of(A, NOW.minusSeconds(9_999)), Optional.empty(), Optional.empty(),
                scripts(A), Set.of(".tmp-" + B + "-42"));

        InstallPlan plan = InstallPlan.of(interrupted, B, ABSENT, PLUGINS, NOW, Duration.ZERO);

        assertThat(plan.retire()).containsExactly(A);
        assertThat(plan.deleteVersions()).isEmpty();
        assertThat(plan.deleteLeftovers()).containsExactly(".tmp-" + B + "-42");
        assertThat(plan.setPrevious()).isEmpty();
    }

    private static Map<String, String> scripts(String version) {
        Map<String, String> scripts = new HashMap<>();
        for (String p : PLUGINS) {
            scripts.put(p, EntryScript.text(p, version));
        }
        return scripts;
    }

    private static TargetState state(Map<String, Instant> versions, String current, String previous, Map<String, String> scripts) {
        return new TargetState(versions, Optional.ofNullable(current), Optional.ofNullable(previous), scripts, Set.of());
    }
}
