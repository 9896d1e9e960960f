package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The record of one pod's (or KubeVirt VM's) addresses, named after it. Upstream keeps the data in
 * {@code status} without a status subresource and has no {@code spec}: hence {@code Void} for the
 * spec and {@link NoStatusSubresource}. The status still goes through {@link CustomResource}'s own
 * property so that {@code equals}, {@code hashCode} and {@code toString} see it; callers write it with
 * a normal update, never through {@code /status}.
 */
@JsonClassDescription("The addresses Spiderpool gave one pod, named after the pod (or after the KubeVirt VM it runs)."
        + " The agent writes it. For StatefulSet pods and VMs it outlives the pod, so that the next one gets the same"
        + " addresses back.")
@Group(SpiderpoolGroup.GROUP)
@Version(SpiderpoolGroup.VERSION)
@Kind("SpiderEndpoint")
@Plural("spiderendpoints")
@Singular("spiderendpoint")
@ShortNames("se")
@Categories(SpiderpoolGroup.CATEGORY)
@NoStatusSubresource
@AdditionalPrinterColumn(name = "INTERFACE", jsonPath = ".status.current.ips[0].interface", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IPV4POOL", jsonPath = ".status.current.ips[0].ipv4Pool", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IPV4", jsonPath = ".status.current.ips[0].ipv4", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IPV6POOL", jsonPath = ".status.current.ips[0].ipv6Pool", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IPV6", jsonPath = ".status.current.ips[0].ipv6", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "NODE", jsonPath = ".status.current.node", type = AdditionalPrinterColumn.Type.STRING)
public class SpiderEndpoint extends CustomResource<Void, EndpointStatus> implements Namespaced {
    private static final long serialVersionUID = 1L;
}
