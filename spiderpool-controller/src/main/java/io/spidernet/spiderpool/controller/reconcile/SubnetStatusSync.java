package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.kube.VersionedPatch;
import io.spidernet.spiderpool.core.autopool.SubnetMembers;
import io.spidernet.spiderpool.core.autopool.SubnetStatusWrite;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The one place a SpiderSubnet's status is written: recomputed from the pools it controls (after an
 * adoption, a reclaim, a pool gone) or taken from an auto-pool plan, and patched only when it
 * changed, carrying the version it was computed from. Callers hold the subnet's {@link SubnetLocks}.
 */
@Singleton
public class SubnetStatusSync {
    private final KubernetesClient client;

    public SubnetStatusSync(KubernetesClient client) {
        this.client = client;
    }

    /** Recomputes from the pools as they are now; false when the subnet changed first (409). */
    public boolean recompute(SpiderSubnet subnet) {
        return write(subnet, SubnetMembers.status(subnet, pools()));
    }

    /** Recomputes the named subnet, read afresh; true when it is gone (nothing to record). */
    public boolean recompute(String subnetName) {
        SpiderSubnet subnet = client.resources(SpiderSubnet.class).withName(subnetName).get();
        return subnet == null || recompute(subnet);
    }

    /** Writes {@code status} unless the subnet already says it; false on a 409. */
    public boolean write(SpiderSubnet subnet, SubnetStatusWrite status) {
        if (!status.differsFrom(subnet.getStatus())) {
            return true;
        }
        return VersionedPatch.status(client, subnet, s -> {
            if (status.controlledIPPools() == null) {
                s.putNull("controlledIPPools");
            } else {
                s.put("controlledIPPools", status.controlledIPPools());
            }
            s.put("totalIPCount", status.totalIPCount());
            s.put("allocatedIPCount", status.allocatedIPCount());
        });
    }

    List<SpiderIPPool> pools() {
        return client.resources(SpiderIPPool.class).list().getItems();
    }
}
