package io.spidernet.spiderpool.core.ipam;

import io.spidernet.spiderpool.core.annotation.AnnotationException;
import io.spidernet.spiderpool.core.annotation.NamespaceDefaults;
import io.spidernet.spiderpool.core.annotation.PodIpamAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.selection.CandidateSelector;
import io.spidernet.spiderpool.core.selection.PoolSourceResolver;
import io.spidernet.spiderpool.core.selection.Selection;
import java.util.List;

/**
 * From a pod's request to its ordered candidate pools, without touching a pool: the first half of
 * {@link PodAllocator}, and all of an explain-allocation dry run, so both answer alike.
 */
public final class PodSelector {
    private final SpiderpoolConf conf;
    private final String spiderpoolNamespace;
    private final String clusterNetwork;

    public PodSelector(SpiderpoolConf conf, String spiderpoolNamespace, String clusterNetwork) {
        this.conf = conf;
        this.spiderpoolNamespace = spiderpoolNamespace;
        this.clusterNetwork = clusterNetwork;
    }

    /** The parsed annotations (for routes) and the selection. */
    public record Resolved(PodIpamAnnotations annotations, Selection selection) {}

    public Resolved select(PodAllocator.Request req, PodAllocator.Snapshot snapshot) {
        PodIpamAnnotations annotations;
        PoolSourceResolver.Resolved resolved;
        try {
            annotations = PodIpamAnnotations.parse(req.podAnnotations());
            resolved = PoolSourceResolver.resolve(new PoolSourceResolver.Inputs(req.nic(), req.facts(), annotations,
                    NamespaceDefaults.parse(req.namespaceAnnotations()), req.cniPools(), req.cniCleanGateway(),
                    spiderpoolNamespace, clusterNetwork), snapshot.pools(), conf);
        } catch (AnnotationException e) {
            throw new IpamException.WrongInput("pod " + req.pod() + ": " + e.getMessage());
        }
        return new Resolved(annotations, CandidateSelector.select(new CandidateSelector.Request(req.facts(),
                resolved.source(), resolved.nics(), spiderpoolNamespace, false, List.of()), snapshot.pools(), conf));
    }
}
