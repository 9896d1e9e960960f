package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.IPPoolValidator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SpiderIPPool AdmissionReviews answered with core's rules, as the API server receives them. */
class IPPoolAdmissionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<SpiderIPPool> stored = new ArrayList<>();
    private final SpiderpoolConf conf = SpiderpoolConf.defaults().withDeleteGuard(true);
    private final IPPoolAdmission admission = new IPPoolAdmission(new IPPoolMutator(conf), new IPPoolValidator(conf),
            () -> stored, List::<SpiderSubnet>of);

    @Test
    void mutationIsAJsonPatchThatInfersTheVersionAndAddsTheFinalizer() throws Exception {
        SpiderIPPool asWritten = pool("p1", "10.6.0.0/24", "10.6.0.10-10.6.0.20", null);
        asWritten.getSpec().setIpVersion(null);
        AdmissionResponse r = admission.mutate(request("CREATE", asWritten, null));

        assertThat(r.getAllowed()).isTrue();
        assertThat(r.getPatchType()).isEqualTo("JSONPatch");
        JsonNode patch = JSON.readTree(Base64.getDecoder().decode(r.getPatch()));
        assertThat(patch.toString()).contains("\"/spec/ipVersion\"").contains("spiderpool.spidernet.io");
    }

    @Test
    void d00003AWrongGatewayIsInvalidWithTheFieldNamed() {
        AdmissionResponse r = admission.validate(request("CREATE", pool("p1", "10.6.0.0/24", "10.6.0.10-10.6.0.20", "10.7.0.1"), null));

        assertThat(r.getAllowed()).isFalse();
        assertThat(r.getStatus().getCode()).isEqualTo(422);
        assertThat(r.getStatus().getReason()).isEqualTo("Invalid");
        assertThat(r.getStatus().getDetails().getCauses()).anySatisfy(c -> assertThat(c.getField()).isEqualTo("spec.gateway"));
        assertThat(r.getStatus().getMessage()).startsWith("spiderippools \"p1\" is invalid: spec.gateway");
    }

    @Test
    void aTakenNameIsAlreadyExists() {
        stored.add(pool("p1", "10.6.0.0/24", "10.6.0.10-10.6.0.20", null));
        AdmissionResponse r = admission.validate(request("CREATE", pool("p1", "10.6.0.0/24", "10.6.0.30", null), null));

        assertThat(r.getAllowed()).isFalse();
        assertThat(r.getStatus().getCode()).isEqualTo(409);
        assertThat(r.getStatus().getReason()).isEqualTo("AlreadyExists");
    }

    @Test
    void d00004DeletingAPoolWithAllocatedIpsIsForbiddenWithTheGuardOn() {
        SpiderIPPool old = pool("p1", "10.6.0.0/24", "10.6.0.10-10.6.0.20", null);
        old.setStatus(new io.spidernet.spiderpool.core.model.IPPoolStatus("{\"10.6.0.10\":{\"pod\":\"ns/a\",\"podUid\":\"u\"}}", 11L, 1L));
        AdmissionResponse r = admission.validate(request("DELETE", null, old));

        assertThat(r.getAllowed()).isFalse();
        assertThat(r.getStatus().getCode()).isEqualTo(403);
        assertThat(r.getStatus().getMessage()).contains("cannot delete an IPPool with allocated IPs");
    }

    @Test
    void aValidPoolIsAllowed() {
        AdmissionResponse r = admission.validate(request("CREATE", pool("p1", "10.6.0.0/24", "10.6.0.10-10.6.0.20", "10.6.0.1"), null));
        assertThat(r.getAllowed()).isTrue();
        assertThat(r.getStatus()).isNull();
    }

    private static AdmissionRequest request(String op, SpiderIPPool object, SpiderIPPool old) {
        String name = object != null ? object.getMetadata().getName() : old.getMetadata().getName();
        return new AdmissionRequestBuilder().withUid("req-1").withOperation(op).withName(name)
                .withObject(object).withOldObject(old).build();
    }

    /** A pool as the validating webhook sees it: after mutation, so with its ipVersion. */
    private static SpiderIPPool pool(String name, String subnet, String ips, String gateway) {
        String yaml = """
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderIPPool
                metadata:
                  name: %s
                spec:
                  ipVersion: 4
                  subnet: %s
                  ips: ["%s"]
                """.formatted(name, subnet, ips) + (gateway == null ? "" : "  gateway: " + gateway + "\n");
        return Serialization.unmarshal(yaml, SpiderIPPool.class);
    }
}
