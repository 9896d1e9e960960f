package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;
import java.util.Optional;

/**
 * Pod facts without a cluster: the request is all there is ({@link Workload}), every workload is a
 * plain pod, and a DEL is about one sandbox's NIC.
 */
final class LocalPods implements PodSource<Workload> {
    private final PodContext.Source context;

    LocalPods(PodContext.Source context) {
        this.context = context;
    }

    @Override
    public ReleaseScope releaseScope() {
        return ReleaseScope.SANDBOX_NIC;
    }

    @Override
    public Subject<Workload> forAdd(AllocateRequest req) {
        return subject(Workload.of(req.getContainerId(), req.getPod()));
    }

    @Override
    public Optional<Subject<Workload>> forRelease(ReleaseRequest req) {
        return Optional.of(subject(Workload.of(req.getContainerId(), req.getPod())));
    }

    @Override
    public Subject<Workload> forReleaseAll(ReleaseAllRequest req) {
        return subject(Workload.of(req.getContainerId(), req.getPod()));
    }

    @Override
    public Subject<Workload> forCheck(CheckRequest req) {
        return subject(Workload.of(req.getContainerId(), req.getPod()));
    }

    @Override
    public PodContext context(Subject<Workload> subject) {
        return context.of(subject.handle());
    }

    @Override
    public NodeFailure notRecorded(Subject<Workload> subject, String nic) {
        return new NodeFailure(Failure.Kind.NOT_FOUND, "no addresses are recorded for " + subject.handle() + " NIC " + nic
                + "; run ADD for it first");
    }

    private static Subject<Workload> subject(Workload w) {
        return new Subject<>(w, w.ref(), w.containerId(), new WorkloadIdentity.Stateless(w.namespace(), w.name(), w.uid()));
    }
}
