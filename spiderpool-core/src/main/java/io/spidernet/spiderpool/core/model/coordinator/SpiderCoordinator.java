package io.spidernet.spiderpool.core.model.coordinator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;

/**
 * Cluster-wide defaults for the coordinator plugin, plus the pod and service CIDRs the controller
 * detected. A singleton in practice: one object, named {@link #DEFAULT_NAME} unless configured.
 * Upstream's CRD has no printer columns for it.
 */
@JsonClassDescription("Cluster-wide settings of the coordinator plugin, which sets up routes between a pod's NICs"
        + " and the pod's path to its node and to services, and the pod and service CIDRs the controller found."
        + " There is one, named default.")
@Group(SpiderpoolGroup.GROUP)
@Version(SpiderpoolGroup.VERSION)
@Kind("SpiderCoordinator")
@Plural("spidercoordinators")
@Singular("spidercoordinator")
@ShortNames("scc")
@Categories(SpiderpoolGroup.CATEGORY)
public class SpiderCoordinator extends CustomResource<CoordinatorSpec, CoordinatorStatus> {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_NAME = "default";
}
