package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A cluster-scoped address space from which pools (manual or per application) take their IPs. */
@JsonClassDescription("A cluster-wide address range that SpiderIPPools of the same CIDR take their addresses from,"
        + " both pools made by hand and pools Spiderpool creates for an application. It hands addresses to pools,"
        + " never to pods.")
@Group(SpiderpoolGroup.GROUP)
@Version(SpiderpoolGroup.VERSION)
@Kind("SpiderSubnet")
@Plural("spidersubnets")
@Singular("spidersubnet")
@ShortNames("ss")
@Categories(SpiderpoolGroup.CATEGORY)
@AdditionalPrinterColumn(name = "VERSION", jsonPath = ".spec.ipVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SUBNET", jsonPath = ".spec.subnet", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ALLOCATED-IP-COUNT", jsonPath = ".status.allocatedIPCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "TOTAL-IP-COUNT", jsonPath = ".status.totalIPCount", type = AdditionalPrinterColumn.Type.INTEGER)
public class SpiderSubnet extends CustomResource<SubnetSpec, SubnetStatus> {
    private static final long serialVersionUID = 1L;
}
