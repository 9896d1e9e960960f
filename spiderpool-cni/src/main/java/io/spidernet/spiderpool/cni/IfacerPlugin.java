package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniCommand;
import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.IpamResult;
import io.spidernet.spiderpool.core.cni.JsonWriter;
import io.spidernet.spiderpool.core.ifacer.HostLink;
import io.spidernet.spiderpool.core.ifacer.IfacerNetConf;
import io.spidernet.spiderpool.core.ifacer.IfacerPlan;
import io.spidernet.spiderpool.core.ifacer.IfacerStep;
import io.spidernet.spiderpool.netlink.NetlinkException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code ifacer} verbs (§6): ADD builds the VLAN and bond parents the main plugin needs in the
 * host namespace, DEL and CHECK do nothing (links are never deleted: they outlive pods and vanish
 * with a reboot, and the next ADD recreates them). The decision is core's {@link IfacerPlan}; this
 * class only lists the host's links, carries the steps out and prints the result.
 */
final class IfacerPlugin implements CniPlugin {
    /**
     * Two pods' ADDs may race to create the same link: the loser's create fails with EEXIST. It then
     * looks again and reuses what the winner made; a second EEXIST means something else is wrong.
     */
    static final int ATTEMPTS = 2;

    private final HostLinks.Opener hostLinks;
    private final Consumer<String> warnings;

    /** {@code warnings} receives what was accepted but ignored (stderr in the binary). */
    IfacerPlugin(HostLinks.Opener hostLinks, Consumer<String> warnings) {
        this.hostLinks = hostLinks;
        this.warnings = warnings;
    }

    /** The binary's wiring: netlink in the process's (the host's) namespace, warnings to stderr. */
    static IfacerPlugin onHost() {
        return new IfacerPlugin(NetlinkHostLinks::open, w -> System.err.println("ifacer: warning: " + w));
    }

    @Override
    public Reply handle(Map<String, String> env, InputStream stdin) {
        return CniInvocation.handle(env, stdin, "ifacer: ", (request, config) -> {
            IfacerNetConf conf = IfacerNetConf.parse(config);
            return switch (request.command()) {
                case ADD -> add(conf);
                case DEL, CHECK -> new Reply("", 0);
                case GC, STATUS -> statusOrGc(request.command(), conf.cniVersion());
                case VERSION -> throw new IllegalStateException("VERSION is answered before the configuration is parsed");
            };
        });
    }

    private Reply add(IfacerNetConf conf) {
        conf.warnings().forEach(warnings);
        try (HostLinks links = open()) {
            for (int attempt = 1; ; attempt++) {
                IfacerPlan plan = IfacerPlan.decide(conf, list(links));
                try {
                    apply(plan, links);
                    break;
                } catch (CreateRaced raced) {
                    if (attempt == ATTEMPTS) {
                        throw raced.failure;
                    }
                }
            }
        }
        return new Reply(result(conf), 0);
    }

    private static void apply(IfacerPlan plan, HostLinks links) {
        for (IfacerStep step : plan.steps()) {
            try {
                switch (step) {
                    case IfacerStep.Reuse r -> { }
                    case IfacerStep.SetUp s -> links.setUp(s.link());
                    case IfacerStep.SetDown s -> links.setDown(s.link());
                    case IfacerStep.SetMaster s -> links.setMaster(s.link(), s.master());
                    case IfacerStep.CreateVlan v -> links.createVlan(v.link(), v.parent(), v.vlanId());
                    case IfacerStep.CreateBond b -> links.createBond(b.link(), b.mode(), b.options());
                }
            } catch (NetlinkException e) {
                CniError failure = HostLinkFailures.of(step, e);
                boolean create = step instanceof IfacerStep.CreateVlan || step instanceof IfacerStep.CreateBond;
                if (create && e.errno() == HostLinkFailures.EEXIST) {
                    throw new CreateRaced(failure);
                }
                throw failure;
            }
        }
    }

    /**
     * Upstream prints a fresh empty result; a chained plugin should hand on what it was given, so a
     * prevResult (ifacer is normally first and gets none) is passed through in the requested version.
     */
    private static String result(IfacerNetConf conf) {
        if (conf.prevResult() == null) {
            return new IpamResult(List.of(), List.of(), IpamResult.Dns.EMPTY).toJson(conf.cniVersion());
        }
        Map<String, Object> passed = new LinkedHashMap<>(conf.prevResult());
        passed.put("cniVersion", conf.cniVersion().text());
        return JsonWriter.write(passed);
    }

    /** STATUS and GC are CNI 1.1.0 verbs: ifacer keeps no state, so both succeed where the version has them. */
    private static Reply statusOrGc(CniCommand command, CniVersion version) {
        if (version.compareTo(CniVersion.V1_0_0) > 0) {
            return new Reply("", 0);
        }
        throw new CniError.IncompatibleVersion("cniVersion " + version + " does not define CNI_COMMAND=" + command,
                "GC and STATUS belong to CNI 1.1.0; set \"cniVersion\" to a version that has them");
    }

    private HostLinks open() {
        try {
            return hostLinks.open();
        } catch (NetlinkException e) {
            throw HostLinkFailures.listing(e);
        }
    }

    private static List<HostLink> list(HostLinks links) {
        try {
            return links.list();
        } catch (NetlinkException e) {
            throw HostLinkFailures.listing(e);
        }
    }



    /** A create lost a race (EEXIST): the plan is made again from a fresh look at the links. */
    private static final class CreateRaced extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CniError failure;

        CreateRaced(CniError failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }
}
