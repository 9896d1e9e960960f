package io.spidernet.spiderpool.core.ifacer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One change ifacer makes to the host's links, in the order {@link IfacerPlan} lists them. Each
 * step says what it does in words ({@link #describe()}), which error messages repeat.
 */
public sealed interface IfacerStep {

    /** What this step does, e.g. "create vlan eth0.100 on eth0". */
    String describe();

    /** The link this step acts on; a failure's message names it. */
    String link();

    /** An existing link serves as it is; no kernel call, listed so the plan explains itself. */
    record Reuse(String link, String kind) implements IfacerStep {
        @Override
        public String describe() {
            return "reuse the existing " + kind + " " + link;
        }
    }

    record SetUp(String link) implements IfacerStep {
        @Override
        public String describe() {
            return "set " + link + " up";
        }
    }

    record SetDown(String link) implements IfacerStep {
        @Override
        public String describe() {
            return "set " + link + " down";
        }
    }

    /** Enslave {@code link} to the bond {@code master}. */
    record SetMaster(String link, String master) implements IfacerStep {
        @Override
        public String describe() {
            return "enslave " + link + " to " + master;
        }
    }

    record CreateVlan(String link, String parent, int vlanId) implements IfacerStep {
        @Override
        public String describe() {
            return "create vlan " + link + " (id " + vlanId + ") on " + parent;
        }
    }

    /** {@code options} keyed by the bonding driver's names ({@link BondOptions#kernelOptions()}). */
    record CreateBond(String link, int mode, Map<String, String> options) implements IfacerStep {
        public CreateBond {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options)); // keeps the order written
        }

        @Override
        public String describe() {
            return "create bond " + link + " (mode " + mode + (options.isEmpty() ? "" : ", options " + options) + ")";
        }
    }
}
