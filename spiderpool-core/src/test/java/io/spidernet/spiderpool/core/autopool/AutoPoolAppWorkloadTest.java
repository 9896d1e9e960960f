package io.spidernet.spiderpool.core.autopool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AutoPoolAppWorkloadTest {
    private static final Map<String, String> ANNO = Apps.subnetV4("s4");

    @ParameterizedTest
    @EnumSource(Apps.Kind.class)
    void everyBuiltInKindGivesItsIdentityReplicasAndTemplateAnnotations(Apps.Kind kind) {
        AppWorkload w = Apps.workload(kind, "web", "aaaa-bbbb-ccccccc", 3, ANNO);

        assertThat(w.app().namespace()).isEqualTo(Apps.NS);
        assertThat(w.app().name()).isEqualTo("web");
        assertThat(w.app().uid()).isEqualTo("aaaa-bbbb-ccccccc");
        assertThat(w.replicas()).isEqualTo(3);
        assertThat(w.templateAnnotations()).isEqualTo(ANNO);
        assertThat(w.app().isThirdParty()).isFalse();
    }

    @Test
    void deploymentApiVersionSplitsIntoGroupVersionAndLabelForms() {
        Application app = Apps.deployment("web", "u-1", 1, ANNO).app();

        assertThat(app.kind()).isEqualTo("Deployment");
        assertThat(app.apiGroup()).isEqualTo("apps");
        assertThat(app.version()).isEqualTo("v1");
        assertThat(app.gvLabelValue()).isEqualTo("apps_v1");
        assertThat(app.recordValue()).isEqualTo("apps_v1_Deployment_team-a_web");
    }

    @Test
    void unsetReplicasCountAsOne() {
        Deployment d = (Deployment) Apps.object(Apps.Kind.DEPLOYMENT, "web", "u", 5, ANNO);
        d.getSpec().setReplicas(null);

        assertThat(AppWorkload.of(d).replicas()).isEqualTo(1);
    }

    @Test
    void daemonSetCountsDesiredScheduledPodsAndNoStatusAsZero() {
        DaemonSet d = (DaemonSet) Apps.object(Apps.Kind.DAEMONSET, "agent", "u", 4, ANNO);
        assertThat(AppWorkload.of(d).replicas()).isEqualTo(4);

        d.setStatus(null);
        assertThat(AppWorkload.of(d).replicas()).isZero();
    }

    @Test
    void jobUsesCompletionsThenParallelismThenOneAndZeroCountsAsOne() {
        Job j = (Job) Apps.object(Apps.Kind.JOB, "batch", "u", 0, ANNO);
        JobSpec spec = j.getSpec();
        assertThat(AppWorkload.of(j).replicas()).as("completions 0").isEqualTo(1);

        spec.setCompletions(null);
        spec.setParallelism(6);
        assertThat(AppWorkload.of(j).replicas()).as("parallelism").isEqualTo(6);

        spec.setParallelism(0);
        assertThat(AppWorkload.of(j).replicas()).as("parallelism 0").isEqualTo(1);

        spec.setParallelism(null);
        assertThat(AppWorkload.of(j).replicas()).as("neither").isEqualTo(1);

        spec.setCompletions(7);
        spec.setParallelism(2);
        assertThat(AppWorkload.of(j).replicas()).as("completions win").isEqualTo(7);
    }

    @Test
    void cronJobCountsItsJobTemplate() {
        CronJob c = (CronJob) Apps.object(Apps.Kind.CRONJOB, "nightly", "u", 0, ANNO);
        c.getSpec().getJobTemplate().getSpec().setCompletions(null);
        c.getSpec().getJobTemplate().getSpec().setParallelism(3);

        AppWorkload w = AppWorkload.of(c);

        assertThat(w.replicas()).isEqualTo(3);
        assertThat(w.app().apiVersion()).isEqualTo("batch/v1");
        assertThat(w.templateAnnotations()).isEqualTo(ANNO);
    }

    @Test
    void thirdPartyControllerIsTakenAsGiven() {
        Application app = new Application("apps.kruise.io/v1alpha1", "CloneSet", "ns", "clone", "u-9");
        AppWorkload w = AppWorkload.thirdParty(app, 4, ANNO);

        assertThat(w.app().isThirdParty()).isTrue();
        assertThat(w.replicas()).isEqualTo(4);
        assertThat(w.app().gvLabelValue()).isEqualTo("apps.kruise.io_v1alpha1");
    }

    @Test
    void I00023_orphanPodIsUnsupportedWithAClearMessage() {
        var pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("lonely").endMetadata().build();

        assertThatThrownBy(() -> AppWorkload.of(pod))
                .isInstanceOf(AutoPoolException.Unsupported.class)
                .hasMessageContaining("pod ns/lonely has no controller")
                .hasMessageContaining("ipam.spidernet.io/ippool");
        assertThatThrownBy(() -> Application.of(new TopController("", "v1", "Pod", "ns", "lonely", "u")))
                .isInstanceOf(AutoPoolException.Unsupported.class)
                .hasMessageContaining("pod ns/lonely has no controller");
    }

    @Test
    void topControllerBecomesApplicationWithFullApiVersion() {
        Application app = Application.of(new TopController("apps", "v1", "StatefulSet", "ns", "db", "u"));

        assertThat(app.apiVersion()).isEqualTo("apps/v1");
        assertThat(Application.of(new TopController("apps", "apps/v1", "StatefulSet", "ns", "db", "u"))).isEqualTo(app);
    }
}
