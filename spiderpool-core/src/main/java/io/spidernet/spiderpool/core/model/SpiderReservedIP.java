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

/** Cluster-wide addresses that are never allocated; no status. */
@JsonClassDescription("Addresses that no SpiderIPPool of the same family gives out, wherever they lie, for example"
        + " addresses already used outside Kubernetes.")
@Group(SpiderpoolGroup.GROUP)
@Version(SpiderpoolGroup.VERSION)
@Kind("SpiderReservedIP")
@Plural("spiderreservedips")
@Singular("spiderreservedip")
@ShortNames("sr")
@Categories(SpiderpoolGroup.CATEGORY)
@AdditionalPrinterColumn(name = "VERSION", jsonPath = ".spec.ipVersion", type = AdditionalPrinterColumn.Type.STRING)
public class SpiderReservedIP extends CustomResource<ReservedIPSpec, Void> {
    private static final long serialVersionUID = 1L;

    @JsonIgnore
    public boolean isTerminating() {
        return getMetadata() != null && getMetadata().getDeletionTimestamp() != null;
    }
}
