package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.kubernetes.api.model.Namespaced;
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
 * A friendlier way to write a Multus NetworkAttachmentDefinition: the controller renders one NAD of
 * the same namespace (and by default the same name) from it and owns that NAD. It has no status;
 * the NAD is its result. Upstream's CRD has no printer columns for it.
 */
@JsonClassDescription("A Multus network written in a few fields: Spiderpool renders it into a"
        + " NetworkAttachmentDefinition of the same namespace (and, unless annotated otherwise, the same name),"
        + " owns that object and keeps it in step.")
@Group(SpiderpoolGroup.GROUP)
@Version(SpiderpoolGroup.VERSION)
@Kind("SpiderMultusConfig")
@Plural("spidermultusconfigs")
@Singular("spidermultusconfig")
@ShortNames("smc")
@Categories(SpiderpoolGroup.CATEGORY)
public class SpiderMultusConfig extends CustomResource<MultusConfigSpec, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;
}
