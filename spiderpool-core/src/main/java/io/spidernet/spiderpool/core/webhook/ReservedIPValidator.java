package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;
import static io.spidernet.spiderpool.core.webhook.SpecRules.IPS;

import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import io.spidernet.spiderpool.core.ip.IpRange;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import java.util.List;
import java.util.Objects;

/**
 * Admission rules for SpiderReservedIP (research notes §7.3). Reserving an address a pool already
 * handed out, or one outside every pool, is allowed on purpose: a reservation only stops future
 * allocations, so there is nothing to check against pools. Deletion is never guarded.
 */
public final class ReservedIPValidator {
    private final SpiderpoolConf conf;

    public ReservedIPValidator(SpiderpoolConf conf) {
        this.conf = Objects.requireNonNull(conf, "conf");
    }

    public AdmissionResult validateCreate(SpiderReservedIP reservedIp) {
        return AdmissionResult.of(Rules.firstFailure(
                () -> SpecRules.ipVersion(version(reservedIp), IPS, conf),
                () -> entries(reservedIp)));
    }

    public AdmissionResult validateUpdate(SpiderReservedIP oldReservedIp, SpiderReservedIP newReservedIp) {
        if (newReservedIp.isTerminating()) {
            // the request that starts the deletion passes; later edits of a dying object do not
            return !oldReservedIp.isTerminating() ? AdmissionResult.allowed()
                    : AdmissionResult.forbidden(FieldError.forbidden("metadata.deletionTimestamp",
                            newReservedIp.getMetadata().getDeletionTimestamp(), "cannot update a terminating ReservedIP '"
                                    + Owners.nameOf(newReservedIp) + "'; create a new SpiderReservedIP instead"));
        }
        return AdmissionResult.of(Rules.firstFailure(
                () -> versionUnchanged(version(oldReservedIp), version(newReservedIp)),
                () -> SpecRules.ipVersion(version(newReservedIp), IPS, conf),
                () -> entries(newReservedIp)));
    }

    private static List<FieldError> versionUnchanged(IpVersion old, IpVersion now) {
        if (old != null && now != null && old != now) {
            return fail(FieldError.forbidden(SpecRules.IP_VERSION, String.valueOf(now.number()), "is not changeable (was "
                    + old.number() + "); create a new SpiderReservedIP for the other family"));
        }
        return PASS;
    }

    /** Each entry an IP or range of the family; overlaps are fine, the mutator merges them. */
    private static List<FieldError> entries(SpiderReservedIP reservedIp) {
        List<String> ips = reservedIp.getSpec().getIps() == null ? List.of() : reservedIp.getSpec().getIps();
        for (int i = 0; i < ips.size(); i++) {
            try {
                IpRange.parse(ips.get(i), version(reservedIp).family());
            } catch (IpFormatException e) {
                return fail(FieldError.invalid(IPS + "[" + i + "]", ips.get(i), e.getMessage()));
            }
        }
        return PASS;
    }

    private static IpVersion version(SpiderReservedIP reservedIp) {
        return reservedIp.getSpec() == null ? null : reservedIp.getSpec().getIpVersion();
    }
}
