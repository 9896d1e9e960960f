package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;

/**
 * A {@link NodeApi} whose ADD, DEL, CHECK and ReleaseAll are the one {@link NodeFlow}; a store's node API
 * adds only what is its own (CNI GC, health, the coordinator's settings, the record lookup).
 */
public abstract class FlowNodeApi<P, R> implements NodeApi {
    protected final NodeFlow<P, R> flow;

    protected FlowNodeApi(NodeFlow<P, R> flow) {
        this.flow = flow;
    }

    @Override
    public final AllocateResponse allocate(AllocateRequest req) {
        return flow.allocate(req);
    }

    @Override
    public final ReleaseResponse release(ReleaseRequest req) {
        return flow.release(req);
    }

    @Override
    public final ReleaseResponse releaseAll(ReleaseAllRequest req) {
        return flow.releaseAll(req);
    }

    @Override
    public final CheckResponse check(CheckRequest req) {
        return flow.check(req);
    }

    @Override
    public long autoPoolWaits() {
        return flow.autoPoolWaits();
    }
}
