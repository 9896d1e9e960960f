package io.spidernet.spiderpool.core.autopool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.Map;
import java.util.Objects;

/**
 * An application as auto-pools see it: who it is, how many pods it runs, and the annotations of its
 * pod template (where the subnet request lives). Built once from the workload object.
 *
 * @param replicas the pod count a flexible pool size adds its spare IPs to
 */
public record AppWorkload(Application app, int replicas, Map<String, String> templateAnnotations) {

    public AppWorkload {
        Objects.requireNonNull(app, "app");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative: " + replicas);
        }
        templateAnnotations = templateAnnotations == null ? Map.of() : Map.copyOf(templateAnnotations);
    }

    /**
     * A built-in workload. Replicas as upstream counts them: Deployment, ReplicaSet and StatefulSet
     * {@code spec.replicas} (unset means 1), DaemonSet {@code status.desiredNumberScheduled}, Job and
     * CronJob (its job template) completions, else parallelism, else 1 — a 0 counts as 1.
     *
     * @throws AutoPoolException.Unsupported for any other kind (a bare Pod included)
     */
    public static AppWorkload of(HasMetadata workload) {
        return switch (workload) {
            case Deployment d -> of(d, orOne(d.getSpec().getReplicas()), d.getSpec().getTemplate());
            case ReplicaSet r -> of(r, orOne(r.getSpec().getReplicas()), r.getSpec().getTemplate());
            case StatefulSet s -> of(s, orOne(s.getSpec().getReplicas()), s.getSpec().getTemplate());
            case DaemonSet d -> of(d, d.getStatus() == null ? 0 : orZero(d.getStatus().getDesiredNumberScheduled()),
                    d.getSpec().getTemplate());
            case Job j -> of(j, jobReplicas(j.getSpec()), j.getSpec().getTemplate());
            case CronJob c -> of(c, jobReplicas(c.getSpec().getJobTemplate().getSpec()),
                    c.getSpec().getJobTemplate().getSpec().getTemplate());
            default -> throw workload.getKind() != null && workload.getKind().equals("Pod")
                    ? AutoPoolException.Unsupported.orphanPod(workload.getMetadata().getNamespace() + "/"
                    + workload.getMetadata().getName())
                    : AutoPoolException.Unsupported.kind(workload.getApiVersion(), workload.getKind());
        };
    }

    /** A controller of another API group, seen through a dynamic informer; the caller reads its replicas. */
    public static AppWorkload thirdParty(Application app, int replicas, Map<String, String> templateAnnotations) {
        return new AppWorkload(app, replicas, templateAnnotations);
    }

    private static AppWorkload of(HasMetadata w, int replicas, PodTemplateSpec template) {
        ObjectMeta m = w.getMetadata();
        Application app = new Application(w.getApiVersion(), w.getKind(), m.getNamespace(), m.getName(), m.getUid());
        Map<String, String> annotations = template == null || template.getMetadata() == null ? null
                : template.getMetadata().getAnnotations();
        return new AppWorkload(app, replicas, annotations);
    }

    private static int jobReplicas(JobSpec spec) {
        if (spec.getCompletions() != null) {
            return Math.max(spec.getCompletions(), 1);
        }
        if (spec.getParallelism() != null) {
            return Math.max(spec.getParallelism(), 1);
        }
        return 1;
    }

    private static int orOne(Integer n) {
        return n == null ? 1 : n;
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
