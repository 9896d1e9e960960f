package io.spidernet.spiderpool.core.podinject;

import io.spidernet.spiderpool.core.webhook.FieldError;
import java.util.List;

/** What the pod webhook does with one pod. */
public sealed interface InjectDecision {

    /** Admit unchanged: no inject annotation, or a namespace out of scope. */
    record Unchanged() implements InjectDecision {}

    /**
     * Write {@code networks} into {@code k8s.v1.cni.cncf.io/networks} (replacing what the user wrote,
     * as upstream) and add {@code limits[name]: 1} to the first container for each of {@code resources}.
     *
     * @param annotation the inject annotation that chose the networks
     * @param value      its value, the label value the SpiderMultusConfigs were matched by
     * @param networks   {@code ns/name} of each matched SpiderMultusConfig, comma-separated
     * @param resources  resource names no container asks for yet, in network order; may be empty
     */
    record Inject(String annotation, String value, String networks, List<String> resources) implements InjectDecision {
        public Inject {
            resources = List.copyOf(resources);
        }
    }

    /** Refuse the pod: the annotation asks for something that cannot be injected. */
    record Refused(FieldError error) implements InjectDecision {}
}
