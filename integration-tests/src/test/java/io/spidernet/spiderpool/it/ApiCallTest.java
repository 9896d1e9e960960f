package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request → RBAC attributes translation, case by case as kube-apiserver's RequestInfo resolver makes it. */
class ApiCallTest {

    @Test
    void aGetWithoutANameIsAListOrAWatchAndCarriesANameSelectedByField() {
        assertThat(ApiCall.of("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&resourceVersion=0"))
                .isEqualTo(call("list", "", "pods", "", "", ""));
        assertThat(ApiCall.of("GET", "/apis/spiderpool.spidernet.io/v2beta1/spiderippools?allowWatchBookmarks=true&watch=true"))
                .isEqualTo(call("watch", "spiderpool.spidernet.io", "spiderippools", "", "", ""));
        assertThat(ApiCall.of("GET", "/api/v1/nodes?fieldSelector=metadata.name%3Dnode-1&watch=true"))
                .isEqualTo(call("watch", "", "nodes", "", "", "node-1"));
        assertThat(ApiCall.of("GET", "/apis/apps/v1/namespaces/team/deployments?watch=false"))
                .isEqualTo(call("list", "apps", "deployments", "", "team", ""));
    }

    @Test
    void namedRequestsMapMethodsToVerbsAndKeepTheSubresource() {
        assertThat(ApiCall.of("GET", "/api/v1/namespaces/kube-system/secrets/spiderpool-controller-server-certs"))
                .isEqualTo(call("get", "", "secrets", "", "kube-system", "spiderpool-controller-server-certs"));
        assertThat(ApiCall.of("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases"))
                .isEqualTo(call("create", "coordination.k8s.io", "leases", "", "kube-system", ""));
        assertThat(ApiCall.of("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/l"))
                .isEqualTo(call("update", "coordination.k8s.io", "leases", "", "kube-system", "l"));
        assertThat(ApiCall.of("PATCH", "/apis/spiderpool.spidernet.io/v2beta1/spiderippools/p1/status"))
                .isEqualTo(call("patch", "spiderpool.spidernet.io", "spiderippools", "status", "", "p1"));
        assertThat(ApiCall.of("DELETE", "/apis/spiderpool.spidernet.io/v2beta1/namespaces/ns/spiderendpoints/web-0"))
                .isEqualTo(call("delete", "spiderpool.spidernet.io", "spiderendpoints", "", "ns", "web-0"));
        assertThat(ApiCall.of("DELETE", "/api/v1/namespaces/ns/pods?labelSelector=a%3Db"))
                .isEqualTo(call("deletecollection", "", "pods", "", "ns", ""));
        assertThat(ApiCall.of("PATCH", "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/spiderpool-controller"))
                .isEqualTo(call("patch", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "", "", "spiderpool-controller"));
    }

    @Test
    void aNamespaceIsItsOwnObjectAndItsStatusItsSubresource() {
        assertThat(ApiCall.of("GET", "/api/v1/namespaces")).isEqualTo(call("list", "", "namespaces", "", "", ""));
        assertThat(ApiCall.of("GET", "/api/v1/namespaces/team")).isEqualTo(call("get", "", "namespaces", "", "team", "team"));
        assertThat(ApiCall.of("PUT", "/api/v1/namespaces/team/finalize"))
                .isEqualTo(call("update", "", "namespaces", "finalize", "team", "team"));
    }

    @Test
    void discoveryPathsAreNonResourceRequests() {
        assertThat(ApiCall.of("GET", "/apis/kubevirt.io/v1")).isEqualTo(new ApiCall("get", "", "", "", "", "", "/apis/kubevirt.io/v1"));
        assertThat(ApiCall.of("GET", "/api/v1").isResourceRequest()).isFalse();
        assertThat(ApiCall.of("GET", "/apis").isResourceRequest()).isFalse();
        assertThat(ApiCall.of("GET", "/version?timeout=32s").path()).isEqualTo("/version");
        assertThat(ApiCall.of("GET", "/api/v1/pods").isResourceRequest()).isTrue();
    }

    @Test
    void anIdentityIsTheBearerToken() {
        assertThat(ApiCallLog.identity("Bearer agent")).isEqualTo("agent");
        assertThat(ApiCallLog.identity(null)).isNull();
        assertThat(ApiCallLog.identity("Basic dXNlcg==")).isNull();
    }

    private static ApiCall call(String verb, String group, String resource, String sub, String ns, String name) {
        return new ApiCall(verb, group, resource, sub, ns, name, null);
    }
}
