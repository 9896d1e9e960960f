package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.cni.CniCommand;
import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniRequest;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.IpamNetConf;
import io.spidernet.spiderpool.core.cni.IpamResult;
import io.spidernet.spiderpool.core.cni.NodeRequestFields;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.ip.Cidr;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The IPAM verbs. Each reads what {@link #handle} parsed once, makes one agent call and returns
 * the result or throws a typed {@link CniError}; {@link #handle} turns either into the reply.
 * Everything is validated before the agent is contacted, so a bad input never reaches it.
 */
final class IpamPlugin implements CniPlugin {

    private final long agentTimeoutMillis;
    private final ContainerAddresses containerAddresses;
    private final AddressDetection addressDetection;

    IpamPlugin(long agentTimeoutMillis, ContainerAddresses containerAddresses) {
        this(agentTimeoutMillis, containerAddresses, new PacketAddressDetection());
    }

    IpamPlugin(long agentTimeoutMillis, ContainerAddresses containerAddresses, AddressDetection addressDetection) {
        this.agentTimeoutMillis = agentTimeoutMillis;
        this.containerAddresses = containerAddresses;
        this.addressDetection = addressDetection;
    }

    @Override
    public Reply handle(Map<String, String> env, InputStream stdin) {
        return CniInvocation.handle(env, stdin, "", (request, config) -> {
            IpamNetConf conf = IpamNetConf.parse(config);
            return switch (request.command()) {
                case ADD -> new Reply(add(request, conf).toJson(conf.cniVersion()), 0);
                case DEL -> del(request, conf);
                case CHECK -> check(request, conf);
                case STATUS -> status(conf);
                case GC -> gc(conf);
                case VERSION -> throw new IllegalStateException("VERSION is answered before the configuration is parsed");
            };
        });
    }

    private IpamResult add(CniRequest request, IpamNetConf conf) {
        AgentClient agent = agent(conf);
        AgentReply.Allocation response = agent.allocate(AgentRequests.allocate(request, conf));
        IpamResult result = AgentResults.forInterface(response, request.ifName());
        if (AddressDetection.switchedOn(response, request.ifName())) {
            addressDetection.detect(request.netns(), request.ifName(), AddressDetection.targets(response, request.ifName()))
                    .ifPresent(finding -> {
                        throw releaseAll(agent, request, finding);
                    });
        }
        return result;
    }

    /**
     * After a conflict or a silent gateway the pod's addresses go back to the pool (all of them,
     * as upstream: the sandbox fails as a whole) and ADD fails, so the runtime retries and gets
     * other addresses. When the agent refuses the release, the error says so and why.
     */
    private static CniError releaseAll(AgentClient agent, CniRequest request, AddressDetection.Finding finding) {
        SpiderpoolErrorKind kind = finding instanceof AddressDetection.Conflict ? SpiderpoolErrorKind.IP_CONFLICT
                : SpiderpoolErrorKind.GATEWAY_UNREACHABLE;
        try {
            agent.releaseAll(AgentRequests.releaseAll(request));
            return new CniError.Spiderpool(kind, finding.describe() + "; the address was released");
        } catch (CniError e) {
            return new CniError.Spiderpool(kind, finding.describe() + "; the address is still allocated, because"
                    + " releasing it failed: " + e.getMessage());
        }
    }

    /** Idempotent: the agent answers success when nothing is held, and "not found" counts as done too. */
    private Reply del(CniRequest request, IpamNetConf conf) {
        try {
            agent(conf).release(AgentRequests.release(request));
        } catch (CniError.Spiderpool e) {
            if (e.kind() != SpiderpoolErrorKind.NOT_RECORDED) {
                throw e;
            }
        }
        return new Reply("", 0);
    }

    /**
     * Unlike upstream's no-op: the agent's record for this NIC must be in prevResult and on the
     * interface in the container. prevResult is validated before the agent is asked.
     */
    private Reply check(CniRequest request, IpamNetConf conf) {
        if (conf.cniVersion().compareTo(CniVersion.V0_4_0) < 0) {
            throw new CniError.IncompatibleVersion("cniVersion " + conf.cniVersion() + " does not define CNI_COMMAND=CHECK",
                    "CHECK arrived with CNI 0.4.0; set \"cniVersion\" to 0.4.0 or 1.0.0 to have this network checked");
        }
        if (conf.prevResult() == null) {
            throw new CniError.InvalidNetworkConfig("CNI_COMMAND=CHECK needs \"prevResult\" in the network configuration",
                    "the runtime must pass the result of ADD as prevResult (libcni does so from its cache)");
        }
        List<Cidr> previous = AllocationCheck.prevResultAddresses(conf.prevResult());
        List<Cidr> recorded = AgentResults.recorded(agent(conf).check(AgentRequests.check(request)),
                request.containerId(), request.ifName());
        AllocationCheck.requireInPrevResult(recorded, previous, request.ifName());
        List<Cidr> present = containerAddresses.of(request.netns(), request.ifName());
        AllocationCheck.requireOnInterface(recorded, present, request.ifName(), request.netns());
        return new Reply("", 0);
    }

    /**
     * CNI STATUS: whether an ADD could be served now, which for IPAM means the agent answers and
     * serves. Success prints nothing; otherwise code 50 with the reason and what to do.
     */
    private Reply status(IpamNetConf conf) {
        requireGcAndStatus(CniCommand.STATUS, conf.cniVersion());
        AgentReply.Health health;
        try {
            health = agent(conf, Math.min(agentTimeoutMillis, AgentClient.STATUS_TIMEOUT_MILLIS)).healthy();
        } catch (CniError e) {
            throw new CniError.PluginNotAvailable("spiderpool IPAM is not available: " + e.msg(), e.details());
        }
        if (!health.serving()) {
            throw new CniError.PluginNotAvailable("spiderpool IPAM is not available: spiderpool-agent at "
                    + conf.ipam().unixSocketPath() + " answers but is not serving yet (" + health.store() + " store)",
                    "it is starting up or lost its store; wait for it, or see the spiderpool-agent log on this node");
        }
        return new Reply("", 0);
    }

    /** CNI GC: the agent releases this network's attachments on this node that the runtime no longer lists. */
    private Reply gc(IpamNetConf conf) {
        requireGcAndStatus(CniCommand.GC, conf.cniVersion());
        // the agent's edge rules, checked here first so that a bad list is the runtime's code 7
        NodeRequestFields.checkAttachments(CniAttachment.VALID_ATTACHMENTS_KEY, conf.validAttachments()).ifPresent(r -> {
            throw new CniError.InvalidNetworkConfig(r.message(), "the runtime writes this list; report it to its maintainers");
        });
        agent(conf).garbageCollect(AgentRequests.garbageCollect(conf));
        return new Reply("", 0);
    }

    private AgentClient agent(IpamNetConf conf) {
        return agent(conf, agentTimeoutMillis);
    }

    private static AgentClient agent(IpamNetConf conf, long timeoutMillis) {
        return new AgentClient(Path.of(conf.ipam().unixSocketPath()), timeoutMillis);
    }

    /** Like libcni for a verb the config's version lacks: code 1. GC and STATUS arrived with CNI 1.1.0. */
    private static void requireGcAndStatus(CniCommand command, CniVersion version) {
        if (!version.definesGcAndStatus()) {
            throw new CniError.IncompatibleVersion("cniVersion " + version + " does not define CNI_COMMAND=" + command,
                    "GC and STATUS belong to CNI 1.1.0: set \"cniVersion\" to 1.1.0 in the network configuration");
        }
    }


}
