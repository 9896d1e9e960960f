package io.spidernet.spiderpool.core.ifacer;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.CreateBond;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.CreateVlan;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.Reuse;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.SetDown;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.SetMaster;
import io.spidernet.spiderpool.core.ifacer.IfacerStep.SetUp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ifacer does to the host's links for one configuration, decided from a snapshot of them
 * (§6.2). Every check runs before the first step, so a refused configuration leaves the host as it
 * was; upstream creates the bond before it checks the VLAN ID and leaves a half-built bond behind.
 *
 * <ul>
 *   <li>One interface: nothing without a VLAN ID; otherwise the parent is set up and
 *       {@code <parent>.<id>} is created (or reused) and set up.</li>
 *   <li>Several interfaces: nothing without {@code bond}; otherwise the bond is created (or an
 *       existing bond reused), each interface not yet its slave is set down, enslaved and set up,
 *       the bond is set up, and with a VLAN ID {@code <bond>.<id>} follows.</li>
 * </ul>
 *
 * <p>Guards: no other vlan link on the host may use the VLAN ID (one ID, one VLAN interface per
 * host, as upstream); a link with the bond's or the VLAN's name must be of that kind; the
 * interfaces must exist and not be enslaved elsewhere. Links are never deleted. Unlike upstream,
 * a reused bond also gets the interfaces that are not yet its slaves, so a slave released by hand
 * comes back; and an up-and-running bond is reused (upstream fails on it, its lookup only handles
 * a bond that is down). A reused bond keeps its mode and options: like upstream, ifacer does not
 * change a bond it did not just create.
 */
public record IfacerPlan(List<IfacerStep> steps) {
    public static final IfacerPlan NOTHING = new IfacerPlan(List.of());

    public IfacerPlan {
        steps = List.copyOf(steps);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    public static IfacerPlan decide(IfacerNetConf conf, List<HostLink> links) {
        Map<String, HostLink> byName = new LinkedHashMap<>();
        links.forEach(l -> byName.put(l.name(), l));
        List<IfacerStep> steps = new ArrayList<>();
        if (conf.interfaces().size() == 1) {
            if (conf.vlanId() == 0) {
                return NOTHING;
            }
            String parent = conf.interfaces().get(0);
            String vlanName = IfacerNetConf.vlanLinkName(parent, conf.vlanId());
            requireVlanIdFree(links, conf.vlanId(), vlanName);
            if (!require(byName, parent, "interfaces[0]").up()) {
                steps.add(new SetUp(parent));
            }
            vlan(steps, byName, vlanName, parent, conf.vlanId());
            return new IfacerPlan(steps);
        }
        if (conf.bond() == null) {
            return NOTHING;
        }
        String bondName = conf.bond().name();
        String vlanName = conf.vlanId() == 0 ? null : IfacerNetConf.vlanLinkName(bondName, conf.vlanId());
        if (vlanName != null) {
            requireVlanIdFree(links, conf.vlanId(), vlanName);
        }
        bond(steps, byName, conf);
        if (vlanName != null) {
            vlan(steps, byName, vlanName, bondName, conf.vlanId());
        }
        return new IfacerPlan(steps);
    }

    private static void bond(List<IfacerStep> steps, Map<String, HostLink> byName, IfacerNetConf conf) {
        IfacerNetConf.Bond bond = conf.bond();
        List<HostLink> slaves = new ArrayList<>();
        for (int i = 0; i < conf.interfaces().size(); i++) {
            HostLink slave = require(byName, conf.interfaces().get(i), "interfaces[" + i + "]");
            if (!slave.master().isEmpty() && !slave.master().equals(bond.name())) {
                throw mismatch(slave.name() + " (\"interfaces[" + i + "]\") is already enslaved to " + slave.master()
                        + ", so it cannot join bond " + bond.name() + "; release it from " + slave.master()
                        + " or leave it out of \"interfaces\"");
            }
            slaves.add(slave);
        }
        HostLink existing = byName.get(bond.name());
        if (existing != null && !existing.isBond()) {
            throw mismatch("a link named " + bond.name() + " exists on this host but is " + existing.describeKind()
                    + ", not a bond; set \"bond.name\" to another name or remove that link");
        }
        if (existing == null) {
            steps.add(new CreateBond(bond.name(), bond.mode(), bond.options().kernelOptions()));
        } else {
            steps.add(new Reuse(bond.name(), HostLink.BOND));
        }
        for (HostLink slave : slaves) {
            if (!slave.master().equals(bond.name())) {
                steps.add(new SetDown(slave.name()));
                steps.add(new SetMaster(slave.name(), bond.name()));
                steps.add(new SetUp(slave.name()));
            }
        }
        if (existing == null || !existing.up()) {
            steps.add(new SetUp(bond.name()));
        }
    }

    private static void vlan(List<IfacerStep> steps, Map<String, HostLink> byName, String vlanName, String parent,
            int vlanId) {
        HostLink existing = byName.get(vlanName);
        if (existing == null) {
            steps.add(new CreateVlan(vlanName, parent, vlanId));
            steps.add(new SetUp(vlanName));
            return;
        }
        if (!existing.isVlan()) {
            throw mismatch("a link named " + vlanName + " exists on this host but is " + existing.describeKind()
                    + ", not a vlan; remove or rename that link, or change \"vlanID\"");
        }
        boolean otherParent = !existing.parent().isEmpty() && !existing.parent().equals(parent);
        if (existing.vlanId() != vlanId || otherParent) {
            throw mismatch("the vlan link " + vlanName + " exists on this host but is vlan " + existing.vlanId()
                    + " on " + (existing.parent().isEmpty() ? "an unknown parent" : existing.parent())
                    + ", not vlan " + vlanId + " on " + parent + "; remove that link or change \"vlanID\"");
        }
        steps.add(new Reuse(vlanName, HostLink.VLAN));
        if (!existing.up()) {
            steps.add(new SetUp(vlanName));
        }
    }

    /** Upstream's guard: one VLAN ID serves one VLAN interface per host. */
    private static void requireVlanIdFree(List<HostLink> links, int vlanId, String vlanName) {
        for (HostLink l : links) {
            if (l.isVlan() && l.vlanId() == vlanId && !l.name().equals(vlanName)) {
                throw mismatch("VLAN ID " + vlanId + " is already used on this host by " + l.name()
                        + (l.parent().isEmpty() ? "" : " (on " + l.parent() + ")") + ", and ifacer would create "
                        + vlanName + " with the same ID: a host can have one VLAN interface per VLAN ID; use "
                        + l.name() + "'s parent in \"interfaces\", another \"vlanID\", or delete " + l.name());
            }
        }
    }

    private static HostLink require(Map<String, HostLink> byName, String name, String field) {
        HostLink link = byName.get(name);
        if (link == null) {
            throw mismatch("\"" + field + "\" " + name + " does not exist on this host; correct \"interfaces\" or"
                    + " check the node's NIC names with `ip link`");
        }
        return link;
    }

    private static CniError mismatch(String details) {
        return new CniError.Spiderpool(SpiderpoolErrorKind.HOST_LINK_MISMATCH, details);
    }
}
