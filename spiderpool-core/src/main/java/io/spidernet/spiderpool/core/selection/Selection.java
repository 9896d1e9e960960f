package io.spidernet.spiderpool.core.selection;

import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;
import java.util.Map;

/**
 * The outcome of selection: per NIC and family the pools to try in order, and every pool that was
 * considered and refused with the reason, so errors and the explain API can show both.
 */
public record Selection(PoolSource source, List<NicCandidates> nics, List<Rejection> rejections) {
    public Selection {
        nics = List.copyOf(nics);
        rejections = List.copyOf(rejections);
    }

    public record NicCandidates(String nic, boolean cleanGateway, Map<IpFamily, List<String>> candidates) {
        public NicCandidates {
            candidates = Map.copyOf(candidates);
        }
    }

    public record Rejection(String pool, String nic, IpFamily family, String reason) {
        @Override
        public String toString() {
            return "IPPool " + pool + ": " + reason;
        }
    }
}
