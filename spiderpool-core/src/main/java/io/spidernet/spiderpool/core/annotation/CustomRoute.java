package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.AnnotationValues.item;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.core.annotation.AnnotationJson.Fields;
import io.spidernet.spiderpool.core.annotation.AnnotationValues.Invalid;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One extra route from {@value SpiderpoolAnnotations#ROUTES}. It carries no NIC: after allocation
 * it goes to the NIC whose subnet contains {@link #gw}.
 *
 * @param dst the destination with host bits cleared ({@code 10.0.0.1/16} becomes {@code 10.0.0.0/16},
 *            which is what the kernel installs)
 */
public record CustomRoute(Cidr dst, IpAddress gw) {

    private static final String SHAPE = "a JSON array like [{\"dst\":\"10.0.0.0/16\",\"gw\":\"192.168.1.1\"}]";
    private static final List<String> FIELDS = List.of("dst", "gw");

    public CustomRoute {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(gw, "gw");
        if (dst.family() != gw.family()) {
            throw new IllegalArgumentException("dst " + dst + " and gw " + gw + " are of different families");
        }
    }

    public IpFamily family() {
        return gw.family();
    }

    /** The value of {@value SpiderpoolAnnotations#ROUTES}; an empty array means no extra routes. */
    static List<CustomRoute> parseList(String raw) {
        List<JsonNode> nodes = AnnotationJson.parseArray(raw, SHAPE);
        List<CustomRoute> routes = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            routes.add(parseItem(nodes.get(i), item(i)));
        }
        return List.copyOf(routes);
    }

    private static CustomRoute parseItem(JsonNode node, String where) {
        Fields f = Fields.of(node, where, "an object like {\"dst\":\"10.0.0.0/16\",\"gw\":\"192.168.1.1\"}", FIELDS);
        String dstText = f.require("dst", "10.0.0.0/16");
        String gwText = f.require("gw", "192.168.1.1");
        Cidr dst;
        IpAddress gw;
        try {
            dst = Cidr.parse(dstText);
        } catch (IpFormatException e) {
            throw new Invalid(where + "\"dst\" " + e.getMessage() + "; write a CIDR like 10.0.0.0/16");
        }
        try {
            gw = IpAddress.parse(gwText);
        } catch (IpFormatException e) {
            throw new Invalid(where + "\"gw\" " + e.getMessage() + "; write an address like 192.168.1.1");
        }
        if (dst.family() != gw.family()) {
            throw new Invalid(where + "\"dst\" " + dstText + " is " + dst.family() + " but \"gw\" " + gwText + " is "
                    + gw.family() + "; a route needs a gateway of the destination's family");
        }
        return new CustomRoute(dst.canonical(), gw);
    }
}
