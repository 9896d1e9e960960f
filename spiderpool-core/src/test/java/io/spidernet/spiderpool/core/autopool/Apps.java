package io.spidernet.spiderpool.core.autopool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Workload objects for auto-pool tests; {@code replicas} means whatever field that kind counts.
 * Public for the controller's reconciler tests (core's test jar).
 */
public final class Apps {
    public static final String NS = "team-a";

    private Apps() {}

    public enum Kind { DEPLOYMENT, REPLICASET, STATEFULSET, DAEMONSET, JOB, CRONJOB }

    public static Map<String, String> subnetV4(String subnet) {
        return Map.of("ipam.spidernet.io/subnet", "{\"ipv4\":[\"" + subnet + "\"]}");
    }

    public static Map<String, String> with(Map<String, String> a, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.put(key, value);
        return m;
    }

    static AppWorkload workload(Kind kind, String name, String uid, int replicas, Map<String, String> annotations) {
        return AppWorkload.of(object(kind, name, uid, replicas, annotations));
    }

    static HasMetadata object(Kind kind, String name, String uid, int replicas, Map<String, String> annotations) {
        return object(kind, NS, name, uid, replicas, annotations);
    }

    /** @param uid null to let an API server give one */
    public static HasMetadata object(Kind kind, String namespace, String name, String uid, int replicas,
                                     Map<String, String> annotations) {
        ObjectMeta meta = new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(uid).build();
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withAnnotations(annotations)
                .endMetadata().build();
        JobSpec job = new JobSpecBuilder().withCompletions(replicas).withTemplate(template).build();
        return switch (kind) {
            case DEPLOYMENT -> new DeploymentBuilder().withMetadata(meta).withNewSpec().withReplicas(replicas)
                    .withTemplate(template).endSpec().build();
            case REPLICASET -> new ReplicaSetBuilder().withMetadata(meta).withNewSpec().withReplicas(replicas)
                    .withTemplate(template).endSpec().build();
            case STATEFULSET -> new StatefulSetBuilder().withMetadata(meta).withNewSpec().withReplicas(replicas)
                    .withTemplate(template).endSpec().build();
            case DAEMONSET -> new DaemonSetBuilder().withMetadata(meta).withNewSpec().withTemplate(template).endSpec()
                    .withStatus(new DaemonSetStatusBuilder().withDesiredNumberScheduled(replicas).build()).build();
            case JOB -> new JobBuilder().withMetadata(meta).withSpec(job).build();
            case CRONJOB -> new CronJobBuilder().withMetadata(meta).withNewSpec().withSchedule("* * * * *")
                    .withNewJobTemplate().withSpec(job).endJobTemplate().endSpec().build();
        };
    }

    static AppWorkload deployment(String name, String uid, int replicas, Map<String, String> annotations) {
        return workload(Kind.DEPLOYMENT, name, uid, replicas, annotations);
    }
}
