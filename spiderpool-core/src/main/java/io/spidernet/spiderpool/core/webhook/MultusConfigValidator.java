package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.multus.MultusConfigRenderer;
import io.spidernet.spiderpool.core.multus.MultusRenderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Admission rules for SpiderMultusConfig (research notes §7.4), the same on create and update plus
 * the {@code cr-name} rule on update, first failure wins as upstream. The adapter hands in the
 * NetworkAttachmentDefinition that already carries the target name ({@link #nadNameToLookUp}), if any: one
 * controlled by another SpiderMultusConfig is refused, any other is taken over by the reconciler.
 */
public final class MultusConfigValidator {
    private static final String CR_NAME = SpiderpoolAnnotations.MULTUS_CR_NAME;
    private static final String CNI_VERSION = SpiderpoolAnnotations.MULTUS_CNI_VERSION;
    static final String KIND = "SpiderMultusConfig";
    private static final int MAX_SUBDOMAIN = 253;
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final CoordinatorValidator COORDINATOR = new CoordinatorValidator();

    /** @param existingNad the metadata of the NAD named {@link #nadNameToLookUp} in the namespace, when there is one */
    public AdmissionResult validateCreate(SpiderMultusConfig config, Optional<ObjectMeta> existingNad) {
        return validate(config, existingNad);
    }

    public AdmissionResult validateUpdate(SpiderMultusConfig oldConfig, SpiderMultusConfig config, Optional<ObjectMeta> existingNad) {
        List<FieldError> renamed = crNameUnchanged(oldConfig, config);
        return renamed.isEmpty() ? validate(config, existingNad) : AdmissionResult.of(renamed);
    }

    /**
     * The NAD the object renders ({@link MultusConfigRenderer#nadName}) when it is a name the API server
     * could hold, so the adapter only looks up such names; the rules refuse any other.
     */
    public static Optional<String> nadNameToLookUp(SpiderMultusConfig config) {
        try {
            String name = MultusConfigRenderer.nadName(config.getMetadata());
            return subdomainProblem(name).isEmpty() ? Optional.of(name) : Optional.empty();
        } catch (MultusRenderException e) {
            return Optional.empty();
        }
    }

    private static AdmissionResult validate(SpiderMultusConfig config, Optional<ObjectMeta> existingNad) {
        MultusConfigSpec spec = config.getSpec() == null ? new MultusConfigSpec() : config.getSpec();
        return AdmissionResult.of(Rules.firstFailure(
                () -> crName(config),
                () -> notOwnedByAnother(config, existingNad),
                () -> cniVersion(config),
                () -> MultusConfigInjection.check(annotations(config), spec),
                () -> MultusConfigCniRules.check(spec),
                () -> coordinator(spec.getCoordinator()),
                () -> MultusConfigJson.chain(spec.getChainCNIJsonData())));
    }

    /** The reconciler would leave the old NAD behind and write a new one: the name is fixed at creation. */
    private static List<FieldError> crNameUnchanged(SpiderMultusConfig oldConfig, SpiderMultusConfig config) {
        String before = annotations(oldConfig).get(CR_NAME);
        String after = annotations(config).get(CR_NAME);
        String at = "metadata.annotations[" + CR_NAME + "]";
        if (before != null && after != null && !before.equals(after)) {
            return fail(FieldError.forbidden(at, after, "cannot change from '" + before + "' to '" + after + "': the NAD's name"
                    + " is fixed once created; put '" + before + "' back, or create a new SpiderMultusConfig"));
        }
        if (before == null && after != null) {
            return fail(FieldError.forbidden(at, after, "cannot be added after creation: the NAD is named '"
                    + oldConfig.getMetadata().getName() + "'; remove the annotation, or create a new SpiderMultusConfig"));
        }
        // removing it is allowed, as upstream: the NAD is then named after the SpiderMultusConfig
        return PASS;
    }

    private static List<FieldError> crName(SpiderMultusConfig config) {
        String crName = annotations(config).get(CR_NAME);
        if (crName == null) {
            return PASS;
        }
        return subdomainProblem(crName).map(p -> fail(FieldError.invalid("metadata.annotations[" + CR_NAME + "]", crName,
                "is not a valid NetworkAttachmentDefinition name: " + p))).orElse(PASS);
    }

    /** Kubernetes' DNS-1123 subdomain rule, with its wording, as upstream answers with it. */
    static Optional<String> subdomainProblem(String name) {
        if (name.length() > MAX_SUBDOMAIN) {
            return Optional.of("must be no more than " + MAX_SUBDOMAIN + " characters, it has " + name.length());
        }
        if (!SUBDOMAIN.matcher(name).matches()) {
            return Optional.of("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
                    + " '.', and must start and end with an alphanumeric character (e.g. 'macvlan-ens192')");
        }
        return Optional.empty();
    }

    /** Two SpiderMultusConfigs rendering one NAD would overwrite each other's network for ever. */
    private static List<FieldError> notOwnedByAnother(SpiderMultusConfig config, Optional<ObjectMeta> existingNad) {
        String self = config.getMetadata().getName();
        Optional<String> owner = existingNad.map(ObjectMeta::getOwnerReferences).orElse(List.of()).stream()
                .filter(r -> KIND.equals(r.getKind()) && !r.getName().equals(self)).map(OwnerReference::getName).findFirst();
        if (owner.isEmpty()) {
            return PASS;
        }
        String ns = config.getMetadata().getNamespace();
        String nad = MultusConfigRenderer.nadName(config.getMetadata());  // a valid name: the cr-name rule ran first
        boolean custom = annotations(config).containsKey(CR_NAME);
        String at = custom ? "metadata.annotations[" + CR_NAME + "]" : "metadata.name";
        return fail(FieldError.invalid(at, nad, "the net-attach-def " + ns + "/" + nad + " already exists and is managed by"
                + " SpiderMultusConfig " + ns + "/" + owner.get() + "." + (custom ? " Choose another cr-name" : " Choose another"
                + " name, or set the annotation " + CR_NAME + " to another NAD name")));
    }

    private static List<FieldError> cniVersion(SpiderMultusConfig config) {
        String version = annotations(config).get(CNI_VERSION);
        return version == null || CniVersion.find(version) != null ? PASS : fail(FieldError.notSupported(
                "metadata.annotations[" + CNI_VERSION + "]", version, CniVersion.supported()));
    }

    /**
     * The SpiderCoordinator's rules with its two required fields optional ({@code podCIDRType},
     * {@code podRPFilter}), as upstream's shared validator does for this block: a field left out
     * here is taken from the cluster's SpiderCoordinator. The rules are run on a copy with those two
     * filled by valid stand-ins, and their paths moved under {@code spec.coordinator}.
     */
    private static List<FieldError> coordinator(CoordinatorSpec spec) {
        if (spec == null) {
            return PASS;
        }
        CoordinatorSpec probe = Copies.deepCopy(spec, CoordinatorSpec.class);
        if (probe.getPodCIDRType() == null) {
            probe.setPodCIDRType(PodCidrType.AUTO);
        }
        if (probe.getPodRPFilter() == null) {
            probe.setPodRPFilter(0);
        }
        SpiderCoordinator wrapper = new SpiderCoordinator();
        wrapper.setSpec(probe);
        return COORDINATOR.validateCreate(wrapper).errors().stream()
                .map(e -> new FieldError(e.path().replaceFirst("^spec\\.", "spec.coordinator."), e.type(), e.value(), e.detail()))
                .toList();
    }

    static Map<String, String> annotations(SpiderMultusConfig config) {
        return config.getMetadata() == null || config.getMetadata().getAnnotations() == null ? Map.of()
                : config.getMetadata().getAnnotations();
    }
}
