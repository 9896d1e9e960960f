package io.spidernet.spiderpool.core.model.operator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;

/**
 * The operator's configuration object (OLM installs only the controller's Deployment; the controller
 * creates and upgrades the node side from this). Cluster-scoped; only the object named
 * {@link OperatorGroup#OBJECT_NAME} is acted on.
 */
@JsonClassDescription("How the spiderpool controller installs Spiderpool's node side when it runs as an operator"
        + " (OLM): the agent DaemonSet, the spiderpool-conf ConfigMap, the admission webhook configurations and the"
        + " default SpiderCoordinator. Only the object named spiderpool is acted on; deleting it removes what the"
        + " operator created.")
@Group(OperatorGroup.GROUP)
@Version(OperatorGroup.VERSION)
@Kind("Spiderpool")
@Plural("spiderpools")
@Singular("spiderpool")
@Categories(SpiderpoolGroup.CATEGORY)
public class Spiderpool extends CustomResource<SpiderpoolSpec, SpiderpoolStatus> {
    private static final long serialVersionUID = 1L;
}
