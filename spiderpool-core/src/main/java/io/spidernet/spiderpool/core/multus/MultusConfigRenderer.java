package io.spidernet.spiderpool.core.multus;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.cni.JsonSyntaxException;
import io.spidernet.spiderpool.core.cni.JsonWriter;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders a SpiderMultusConfig into the NetworkAttachmentDefinition it stands for (§7.2 of the
 * upstream notes). The conflist is built as
 * {@code [main plugins (ifacer, the cniType's plugin, rdma)] + chainCNIJsonData + [tuning] + [coordinator]}:
 * the coordinator is last because it rewires routes on the pod's final interfaces and prints the
 * previous result unchanged. Upstream's code places sriov's MTU {@code tuning} after the
 * coordinator; we keep the coordinator last (the MTU does not change what it does) and put the
 * user's chained plugins before it, as upstream's code does and its docs do not (§12 item 6).
 *
 * <p>The input is expected as the mutating webhook left it, but a field left null is read as the
 * CRD default. Input that cannot be rendered is refused with a {@link MultusRenderException}.
 */
public final class MultusConfigRenderer {
    /** Upstream's cniVersion when the cni-version annotation is absent. */
    public static final String DEFAULT_CNI_VERSION = CniVersion.V0_3_1.text();
    private static final String CHAIN_EXAMPLE = "{\"type\": \"tuning\", \"mtu\": 1400}";

    private MultusConfigRenderer() {}

    public static RenderedNad render(SpiderMultusConfig smc) {
        ObjectMeta meta = smc.getMetadata();
        if (meta == null) {
            throw new MultusRenderException("metadata", "is missing; a SpiderMultusConfig needs a name and a namespace");
        }
        Map<String, String> annotations = new TreeMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        String name = nadName(meta);
        String namespace = meta.getNamespace();
        if (namespace == null || namespace.isEmpty()) {
            throw new MultusRenderException("metadata.namespace", "is empty; the NetworkAttachmentDefinition is created"
                    + " in the SpiderMultusConfig's namespace");
        }
        // no spec is an empty one, which the CRD defaults to cniType custom (upstream's M00019)
        MultusConfigSpec spec = smc.getSpec() == null ? new MultusConfigSpec() : smc.getSpec();
        CniType type = spec.getCniType() == null ? CniType.CUSTOM : spec.getCniType();
        if (type == CniType.CUSTOM) {
            return new RenderedNad(name, namespace, annotations, customConfig(spec.getCustomCNI()));
        }
        MainPlugins main = MainPlugins.of(type, spec, !Boolean.TRUE.equals(spec.getDisableIPAM()));
        List<Object> plugins = new ArrayList<>(main.head());
        plugins.addAll(chainedPlugins(spec.getChainCNIJsonData()));
        plugins.addAll(main.tail());
        if (!Boolean.FALSE.equals(spec.getEnableCoordinator())) {
            plugins.add(CoordinatorPlugin.of(spec.getCoordinator()));
        }
        main.resourceName().ifPresent(r -> annotations.put(SpiderpoolAnnotations.NAD_RESOURCE_NAME, r));
        Map<String, Object> conflist = new LinkedHashMap<>();
        conflist.put("cniVersion", cniVersion(annotations));
        String configName = annotations.get(SpiderpoolAnnotations.CNI_CONFIG_NAME);
        conflist.put("name", configName == null || configName.isEmpty() ? name : configName);
        conflist.put("plugins", plugins);
        return new RenderedNad(name, namespace, annotations, Optional.of(JsonWriter.write(conflist)));
    }

    /** The cr-name annotation, or else the SpiderMultusConfig's own name. */
    public static String nadName(ObjectMeta meta) {
        Map<String, String> annotations = meta.getAnnotations();
        String custom = annotations == null ? null : annotations.get(SpiderpoolAnnotations.MULTUS_CR_NAME);
        if (custom != null) {
            if (custom.isEmpty()) {
                throw new MultusRenderException(annotationField(SpiderpoolAnnotations.MULTUS_CR_NAME),
                        "is empty; give the NetworkAttachmentDefinition's name or remove the annotation");
            }
            return custom;
        }
        if (meta.getName() == null || meta.getName().isEmpty()) {
            throw new MultusRenderException("metadata.name", "is empty");
        }
        return meta.getName();
    }

    private static String cniVersion(Map<String, String> annotations) {
        String version = annotations.get(SpiderpoolAnnotations.MULTUS_CNI_VERSION);
        if (version == null) {
            return DEFAULT_CNI_VERSION;
        }
        if (CniVersion.find(version) == null) {
            throw new MultusRenderException(annotationField(SpiderpoolAnnotations.MULTUS_CNI_VERSION),
                    "\"" + version + "\" is not a CNI version the spiderpool IPAM plugin supports; use one of "
                            + String.join(", ", CniVersion.supported()));
        }
        return version;
    }

    /** {@code customCNI} verbatim, so the user's own key order and spacing reach the NAD unchanged. */
    private static Optional<String> customConfig(String customCni) {
        if (customCni == null || customCni.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonReader.parse(customCni);
        } catch (JsonSyntaxException e) {
            throw new MultusRenderException("spec.customCNI", "is not valid JSON (" + e.getMessage()
                    + "); write the whole CNI configuration as one JSON object");
        }
        return Optional.of(customCni);
    }

    private static List<Object> chainedPlugins(List<String> entries) {
        if (entries == null) {
            return List.of();
        }
        List<Object> plugins = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String field = "spec.chainCNIJsonData[" + i + "]";
            String entry = entries.get(i);
            if (entry == null) {
                throw new MultusRenderException(field, "is null; write one plugin configuration as a JSON object");
            }
            Map<String, Object> plugin;
            try {
                plugin = JsonReader.parseObject(entry);
            } catch (JsonSyntaxException e) {
                throw new MultusRenderException(field, "is not a JSON object (" + e.getMessage()
                        + "); write one plugin configuration, e.g. " + CHAIN_EXAMPLE);
            }
            if (!(plugin.get("type") instanceof String type) || type.isEmpty()) {
                throw new MultusRenderException(field + ".type", "is missing; a chained plugin needs the name of its"
                        + " binary, e.g. " + CHAIN_EXAMPLE);
            }
            plugins.add(plugin);
        }
        return plugins;
    }

    static String annotationField(String key) {
        return "metadata.annotations[" + key + "]";
    }
}
