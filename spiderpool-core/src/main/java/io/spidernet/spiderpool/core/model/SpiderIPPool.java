package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.Optional;

/** A cluster-scoped pool of addresses; the allocation ledger lives in its status. */
@JsonClassDescription("A cluster-wide pool of IP addresses of one family from which Spiderpool gives pod NICs their"
        + " addresses. spec says which addresses and who may use them; status records who holds each one.")
@Group(SpiderpoolGroup.GROUP)
@Version(SpiderpoolGroup.VERSION)
@Kind("SpiderIPPool")
@Plural("spiderippools")
@Singular("spiderippool")
@ShortNames("sp")
@Categories(SpiderpoolGroup.CATEGORY)
@AdditionalPrinterColumn(name = "VERSION", jsonPath = ".spec.ipVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SUBNET", jsonPath = ".spec.subnet", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ALLOCATED-IP-COUNT", jsonPath = ".status.allocatedIPCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "TOTAL-IP-COUNT", jsonPath = ".status.totalIPCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "DEFAULT", jsonPath = ".spec.default", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "DISABLE", jsonPath = ".spec.disable", type = AdditionalPrinterColumn.Type.BOOLEAN, priority = 10)
@AdditionalPrinterColumn(name = "NodeName", jsonPath = ".spec.nodeName", type = AdditionalPrinterColumn.Type.STRING, priority = 10)
@AdditionalPrinterColumn(name = "MultusName", jsonPath = ".spec.multusName", type = AdditionalPrinterColumn.Type.STRING, priority = 10)
// kubectl's JSONPath turns ['k'] into a dotted path, so the dots (and the dash) of the label key must be escaped
@AdditionalPrinterColumn(name = "APP-NAMESPACE", jsonPath = ".spec.podAffinity.matchLabels['ipam\\.spidernet\\.io/app\\-namespace']",
        type = AdditionalPrinterColumn.Type.STRING, priority = 10)
public class SpiderIPPool extends CustomResource<IPPoolSpec, IPPoolStatus> {
    private static final long serialVersionUID = 1L;

    /** The family from {@code spec.ipVersion}, empty when the pool has none (then no pod can use it). */
    @JsonIgnore
    public Optional<IpFamily> family() {
        return Optional.ofNullable(getSpec()).map(IPPoolSpec::getIpVersion).map(IpVersion::family);
    }

    /** A pool the controller made for an application from a SpiderSubnet (upstream's test: this label). */
    @JsonIgnore
    public boolean isAutoCreated() {
        return getMetadata() != null && getMetadata().getLabels() != null
                && getMetadata().getLabels().containsKey(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME);
    }

    @JsonIgnore
    public boolean isTerminating() {
        return getMetadata() != null && getMetadata().getDeletionTimestamp() != null;
    }
}
