package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.workload.TopControllers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The workload an auto-pool belongs to, as its labels and the subnet record name it.
 *
 * @param apiVersion full API version, {@code apps/v1}, or {@code v1} for the core group
 */
public record Application(String apiVersion, String kind, String namespace, String name, String uid) {

    public Application {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
    }

    /**
     * The pod's top controller as an application. A pod without a controller has no application
     * whose replicas could size a pool, so upstream refuses it (I00023) and so do we.
     *
     * @throws AutoPoolException.Unsupported for a bare pod
     */
    public static Application of(TopController top) {
        if (top == null || "Pod".equals(top.kind()) && "v1".equals(top.apiVersion())) {
            throw AutoPoolException.Unsupported.orphanPod(top == null ? "" : top.namespace() + "/" + top.name());
        }
        String v = top.apiVersion();
        String full = v.contains("/") || top.apiGroup() == null || top.apiGroup().isEmpty() ? v : top.apiGroup() + "/" + v;
        return new Application(full, top.kind(), top.namespace(), top.name(), top.uid());
    }

    /** Empty for the core group. */
    public String apiGroup() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The version without its group: {@code v1}. */
    public String version() {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    /** Label values may not hold '/', so the owner-application-gv label writes {@code apps_v1}. */
    public String gvLabelValue() {
        return apiVersion.replace('/', '_');
    }

    /** The {@code application} field of the subnet's controlledIPPools record: {@code apps_v1_Deployment_ns_name}. */
    public String recordValue() {
        return gvLabelValue() + "_" + kind + "_" + namespace + "_" + name;
    }

    public boolean isThirdParty() {
        return TopControllers.isThirdParty(new TopController(apiGroup(), apiVersion, kind, namespace, name, uid));
    }

    /** The podAffinity matchLabels of its pools: group and version apart, as upstream writes them. */
    public Map<String, String> affinityLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SpiderpoolAnnotations.APP_API_GROUP, apiGroup());
        m.put(SpiderpoolAnnotations.APP_API_VERSION, version());
        m.put(SpiderpoolAnnotations.APP_KIND, kind);
        m.put(SpiderpoolAnnotations.APP_NAMESPACE, namespace);
        m.put(SpiderpoolAnnotations.APP_NAME, name);
        return m;
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
