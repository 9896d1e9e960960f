package io.spidernet.spiderpool.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which plugin trees may be installed, over their listings alone. */
class TreeRulesTest {
    private static final InstallLimits LIMITS = InstallLimits.DEFAULT;

    /** The packaged tree's shape: a launcher, two links to it, the JVM directory. */
    static List<TreeEntry> packagedShape() {
        return new ArrayList<>(List.of(
                TreeEntry.link("coordinator", "spiderpool"),
                TreeEntry.link("ifacer", "spiderpool"),
                TreeEntry.file("spiderpool", 0755, 3000),
                TreeEntry.dir("spiderpool.jvm", 0755),
                TreeEntry.dir("spiderpool.jvm/runtime", 0755),
                TreeEntry.link("spiderpool.jvm/runtime/LICENSE", "../lib/LICENSE"),
                TreeEntry.dir("spiderpool.jvm/lib", 0755),
                TreeEntry.file("spiderpool.jvm/lib/LICENSE", 0644, 10)));
    }

    @Test
    void thePackagedShapeHasNoProblem() {
        assertThat(TreeRules.problems(packagedShape(), TreeRules.PLUGINS, LIMITS)).isEmpty();
    }

    @Test
    void aMissingPluginIsNamed() {
        List<TreeEntry> tree = packagedShape();
        tree.removeIf(e -> e.path().equals("ifacer"));

        assertThat(TreeRules.problems(tree, TreeRules.PLUGINS, LIMITS)).containsExactly("the plugin 'ifacer' is missing at the top of the tree");
    }

    @Test
    void aPluginThatIsNotExecutableOrLinksNowhereIsRefused() {
        List<TreeEntry> tree = packagedShape();
        tree.replaceAll(e -> e.path().equals("spiderpool") ? TreeEntry.file("spiderpool", 0644, 3000) : e);
        tree.replaceAll(e -> e.path().equals("ifacer") ? TreeEntry.link("ifacer", "spiderpool.jvm/ifacer") : e);

        assertThat(TreeRules.problems(tree, TreeRules.PLUGINS, LIMITS)).containsExactly(
                "the plugin 'spiderpool' (spiderpool) is not executable by its owner",
                "the plugin 'coordinator' (spiderpool) is not executable by its owner",
                "the plugin 'ifacer' links to 'spiderpool.jvm/ifacer', which is not in the tree");
    }

    @Test
    void linksMustBeRelativeAndStayInside() {
        List<TreeEntry> tree = packagedShape();
        tree.add(TreeEntry.link("spiderpool.jvm/abs", "/usr/bin/java"));
        tree.add(TreeEntry.link("spiderpool.jvm/climb", "../../etc/passwd"));
        tree.replaceAll(e -> e.path().equals("coordinator") ? TreeEntry.link("coordinator", "../spiderpool") : e);

        assertThat(TreeRules.problems(tree, TreeRules.PLUGINS, LIMITS)).containsExactly(
                "the link 'coordinator' -> '../spiderpool' leads out of the tree",
                "the link 'spiderpool.jvm/abs' -> '/usr/bin/java' is absolute; links in the tree must be relative (the tree moves to the host as a whole)",
                "the link 'spiderpool.jvm/climb' -> '../../etc/passwd' leads out of the tree",
                "the plugin 'coordinator' links out of the tree");
    }

    @Test
    void countsSizesDepthsAndOddNamesAreBounded() {
        InstallLimits small = new InstallLimits(5, 1000, 40, 3, 10, 100, Duration.ofSeconds(1));
        List<TreeEntry> tree = packagedShape();
        tree.add(TreeEntry.file("a/b/c/d", 0644, 1));
        tree.add(TreeEntry.file("x".repeat(41), 0644, 1));
        tree.add(TreeEntry.file("new\nline", 0644, 1));

        assertThat(TreeRules.problems(tree, TreeRules.PLUGINS, small)).containsExactlyInAnyOrder(
                "'a/b/c/d' is nested deeper than 3 directories",
                "the path '" + "x".repeat(41) + "' is empty or longer than 40 characters",
                "the path 'new\nline' has an empty, '.', '..', over-long or control-character component",
                "the tree has more than 5 entries; is --source the plugin tree?",
                "the tree's files add up to 3013 bytes, more than 1000");
    }

    @Test
    void resolvingALinkFollowsDotDotInsideTheTreeOnly() {
        assertThat(TreeRules.resolve("a/b/link", "../c")).isEqualTo("a/c");
        assertThat(TreeRules.resolve("link", "./x/./y")).isEqualTo("x/y");
        assertThat(TreeRules.resolve("a/link", "../..")).isNull();
        assertThat(TreeRules.resolve("a/link", "..")).isNull();
    }
}
