package io.spidernet.spiderpool.core.ipam;

import io.spidernet.spiderpool.core.allocation.LowestFreeAddressPicker;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.allocation.ReservedAddresses;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.selection.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an ADD would take, computed as the engine decides but without writing: for each NIC and
 * family, the first candidate pool with a free address and its lowest free address; a candidate
 * passed over because it is full is reported as such.
 */
public final class AllocationPreview {
    private AllocationPreview() {}

    /** The address a NIC would get in one family. */
    public record Choice(String nic, IpFamily family, String pool, IpAddress address) {}

    /** A candidate that would be passed over, and why. */
    public record PassedOver(String nic, IpFamily family, String pool, String reason) {}

    public record Result(List<Choice> choices, List<PassedOver> passedOver) {}

    public static Result of(Selection selection, PodAllocator.Snapshot snapshot) {
        Map<String, SpiderIPPool> pools = snapshot.pools().stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a));
        Map<IpFamily, IpSet> reserved = ReservedAddresses.of(snapshot.reservedIps());
        List<Choice> choices = new ArrayList<>();
        List<PassedOver> passed = new ArrayList<>();
        for (Selection.NicCandidates nic : selection.nics()) {
            for (Map.Entry<IpFamily, List<String>> family : nic.candidates().entrySet()) {
                for (String name : family.getValue()) {
                    PoolLedger ledger = PoolLedger.of(pools.get(name));
                    IpSet usable = Optional.ofNullable(reserved.get(family.getKey())).map(r -> ledger.allowed().subtract(r))
                            .orElse(ledger.allowed());
                    Optional<IpAddress> free = LowestFreeAddressPicker.pick(usable, ledger.allocated());
                    if (free.isPresent()) {
                        choices.add(new Choice(nic.nic(), family.getKey(), name, free.get()));
                        break;
                    }
                    passed.add(new PassedOver(nic.nic(), family.getKey(), name, "all " + usable.size()
                            + " usable addresses are allocated; add addresses to spec.ips or another pool to the candidates"));
                }
            }
        }
        return new Result(choices, passed);
    }
}
