package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.operator.AgentSettings;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings.WebhookConfigurations;
import io.spidernet.spiderpool.core.model.operator.IpamSettings;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolSpec;
import io.spidernet.spiderpool.core.webhook.CoordinatorMutator;
import io.spidernet.spiderpool.core.webhook.CoordinatorValidator;
import io.spidernet.spiderpool.core.webhook.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Spiderpool object with every default filled in and every value checked: the one input of the
 * renderers, so that they never look at a null. The defaults live here and in the CRD schema
 * (which the API server applies too); {@code enableIPv6} defaults to false, unlike the Helm chart,
 * as the issue fixed it.
 *
 * @param webhooksManaged true when the operator creates and updates the webhook configurations
 *                        ({@code Managed}, or {@code Auto} outside OLM)
 * @param coordinator     the default SpiderCoordinator's spec, defaulted as its webhook does
 */
public record EffectiveSpec(OperatorContext context, Ipam ipam, Agent agent, boolean webhooksManaged,
                            CoordinatorSpec coordinator) {

    public static final String DEFAULT_CNI_BIN_DIR = "/opt/cni/bin";
    public static final String DEFAULT_CNI_CONF_DIR = "/etc/cni/net.d";
    private static final Pattern HOST_DIR = Pattern.compile("/[A-Za-z0-9._/-]*");
    /** An image reference: no spaces or control characters, bounded as a container image name is. */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

    /** The conf.yml switches. */
    public record Ipam(boolean enableIPv4, boolean enableIPv6, boolean enableStatefulSet, boolean enableKubevirtStaticIP,
                       boolean enableSpiderSubnet, boolean enableAutoPoolForApplication,
                       boolean enableIPConflictDetection, boolean enableGatewayDetection) {}

    /** The DaemonSet's knobs; {@code nodeSelector} sorted, so equal specs render equal templates. */
    public record Agent(String image, String imagePullPolicy, String cniBinDir, String cniConfDir, String logLevel,
                        boolean enableMetrics, Map<String, String> nodeSelector) {
        public Agent {
            nodeSelector = java.util.Collections.unmodifiableMap(new TreeMap<>(nodeSelector));
        }
    }

    /**
     * @throws InvalidSpecException naming every field that cannot be rendered and what to change
     */
    public static EffectiveSpec of(Spiderpool object, OperatorContext context) {
        SpiderpoolSpec spec = object.getSpec() == null ? new SpiderpoolSpec() : object.getSpec();
        List<String> problems = new ArrayList<>();
        Ipam ipam = ipam(spec.getIpam() == null ? new IpamSettings() : spec.getIpam(), problems);
        Agent agent = agent(spec.getAgent() == null ? new AgentSettings() : spec.getAgent(), context, problems);
        WebhookConfigurations mode = spec.getController() == null ? null : spec.getController().getWebhookConfigurations();
        boolean managed = switch (Objects.requireNonNullElse(mode, WebhookConfigurations.Auto)) {
            case Managed -> true;
            case External -> false;
            case Auto -> !context.underOlm();
        };
        CoordinatorSpec coordinator = coordinator(spec.getCoordinator(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new EffectiveSpec(context, ipam, agent, managed, coordinator);
    }

    /** {@code spec.controller.webhookConfigurations} resolved as {@link #of} does, without checking the rest. */
    public static boolean webhooksManaged(Spiderpool object, boolean underOlm) {
        ControllerSettings c = object == null || object.getSpec() == null ? null : object.getSpec().getController();
        WebhookConfigurations mode = c == null ? null : c.getWebhookConfigurations();
        return switch (Objects.requireNonNullElse(mode, WebhookConfigurations.Auto)) {
            case Managed -> true;
            case External -> false;
            case Auto -> !underOlm;
        };
    }

    private static Ipam ipam(IpamSettings s, List<String> problems) {
        boolean v4 = or(s.getEnableIPv4(), true);
        boolean v6 = or(s.getEnableIPv6(), false);
        if (!v4 && !v6) {
            problems.add("spec.ipam: enableIPv4 and enableIPv6 are both false; enable at least one family");
        }
        boolean subnet = or(s.getEnableSpiderSubnet(), true);
        return new Ipam(v4, v6, or(s.getEnableStatefulSet(), true), or(s.getEnableKubevirtStaticIP(), true), subnet,
                subnet && or(s.getEnableAutoPoolForApplication(), true), or(s.getEnableIPConflictDetection(), false),
                or(s.getEnableGatewayDetection(), false));
    }

    private static Agent agent(AgentSettings s, OperatorContext context, List<String> problems) {
        String image = s.getImage() == null ? context.defaultAgentImage() : s.getImage();
        if (!IMAGE.matcher(image).matches()) {
            problems.add("spec.agent.image: \"" + image + "\" is not an image reference such as"
                    + " ghcr.io/spidernet-io/spiderpool-java/agent:0.1.0");
        }
        String bin = hostDir("spec.agent.cniBinDir", s.getCniBinDir(), DEFAULT_CNI_BIN_DIR, problems);
        String conf = hostDir("spec.agent.cniConfDir", s.getCniConfDir(), DEFAULT_CNI_CONF_DIR, problems);
        Map<String, String> selector = s.getNodeSelector() == null ? Map.of() : s.getNodeSelector();
        selector.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches() || v == null || !LABEL_VALUE.matcher(v).matches()) {
                problems.add("spec.agent.nodeSelector: \"" + k + "\": \"" + v + "\" is not a valid label key and value");
            }
        });
        return new Agent(image, s.getImagePullPolicy() == null ? "IfNotPresent" : s.getImagePullPolicy().name(), bin, conf,
                s.getLogLevel() == null ? "info" : s.getLogLevel().wire(), or(s.getEnableMetrics(), false), selector);
    }

    private static String hostDir(String field, String value, String fallback, List<String> problems) {
        String dir = value == null ? fallback : value;
        if (!HOST_DIR.matcher(dir).matches() || dir.contains("/../") || dir.endsWith("/..") || dir.length() > 4096) {
            problems.add(field + ": \"" + dir + "\" must be an absolute host path without \"..\", such as " + fallback);
        }
        return dir;
    }

    /** The webhook's defaults, podCIDRType auto when unset, then the webhook's checks. */
    private static CoordinatorSpec coordinator(CoordinatorSpec given, List<String> problems) {
        CoordinatorSpec spec = CoordinatorMutator.withDefaults(given);
        if (spec.getPodCIDRType() == null) {
            spec.setPodCIDRType(PodCidrType.AUTO);
        }
        SpiderCoordinator probe = new SpiderCoordinator();
        probe.setMetadata(new ObjectMeta());
        probe.setSpec(spec);
        for (FieldError e : new CoordinatorValidator().validateCreate(probe).errors()) {
            String field = e.path().startsWith("spec") ? e.path().substring("spec".length()) : "." + e.path();
            problems.add("spec.coordinator" + field + ": " + e.detail());
        }
        return spec;
    }

    private static boolean or(Boolean value, boolean fallback) {
        return value == null ? fallback : value;
    }
}
