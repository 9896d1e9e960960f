package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.cni.WireReader.MalformedWireException;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's replies on the CNI socket as ipam.proto defines them, with their field numbers:
 * decoded by the plugin, encoded by the AOT training's stand-in agent. Only what the plugin reads
 * is kept; other fields (a newer agent's) are skipped. A repeated field keeps every element; a
 * singular one that appears twice keeps the last, as protobuf does for scalars.
 */
final class AgentReply {
    private AgentReply() {}

    /** ReplyHeader.failure (Failure: kind = 1, message = 2); {@code kind} is Failure.Kind's number. */
    record Failure(int kind, String message) {
        static final int INTERNAL = 0;
        static final int WRONG_INPUT = 1;
        static final int NO_AVAILABLE_POOL = 2;
        static final int IP_USED_OUT = 3;
        static final int RETRIES_EXHAUSTED = 4;
        static final int NOT_READY = 5;
        static final int NOT_FOUND = 6;
        static final int UNKNOWN_METHOD = 7;
        static final int CONFLICT_RELEASE_DISABLED = 8;
        static final int CONFLICT_RELEASE_STATEFUL = 9;

        /** The ReplyHeader's failure, null when the header says success. */
        static Failure ofHeader(WireReader header) throws MalformedWireException {
            Failure failure = null;
            for (int f = header.next(); f != 0; f = header.next()) {
                if (f == 1 && header.is(WireReader.LENGTH_DELIMITED)) {
                    failure = decode(header.message());
                } else if (f != 1) {
                    header.skip();
                }
            }
            return failure;
        }

        private static Failure decode(WireReader in) throws MalformedWireException {
            int kind = INTERNAL;
            String message = "";
            for (int f = in.next(); f != 0; f = in.next()) {
                switch (f) {
                    case 1 -> kind = in.is(WireReader.VARINT) ? (int) in.int64() : kind;
                    case 2 -> message = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : message;
                    default -> in.skip();
                }
            }
            return new Failure(kind, message);
        }

        /** The whole ReplyHeader carrying this failure. */
        WireWriter header() {
            return new WireWriter().message(1, new WireWriter().int64(1, kind).string(2, message));
        }
    }

    /** IpConfig; field numbers 1 to 9. */
    record Ip(int version, String address, String nic, String ipPool, String gateway, int vlan, String mac,
            boolean gatewayDetection, boolean conflictDetection) {

        static Ip decode(WireReader in) throws MalformedWireException {
            int version = 0;
            int vlan = 0;
            String address = "";
            String nic = "";
            String pool = "";
            String gateway = "";
            String mac = "";
            boolean gatewayDetection = false;
            boolean conflictDetection = false;
            for (int f = in.next(); f != 0; f = in.next()) {
                switch (f) {
                    case 1 -> version = in.is(WireReader.VARINT) ? (int) in.int64() : version;
                    case 2 -> address = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : address;
                    case 3 -> nic = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : nic;
                    case 4 -> pool = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : pool;
                    case 5 -> gateway = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : gateway;
                    case 6 -> vlan = in.is(WireReader.VARINT) ? (int) in.int64() : vlan;
                    case 7 -> mac = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : mac;
                    case 8 -> gatewayDetection = in.is(WireReader.VARINT) ? in.bool() : gatewayDetection;
                    case 9 -> conflictDetection = in.is(WireReader.VARINT) ? in.bool() : conflictDetection;
                    default -> in.skip();
                }
            }
            return new Ip(version, address, nic, pool, gateway, vlan, mac, gatewayDetection, conflictDetection);
        }

        WireWriter encode() {
            return new WireWriter().int64(1, version).string(2, address).string(3, nic).string(4, ipPool)
                    .string(5, gateway).int64(6, vlan).string(7, mac).bool(8, gatewayDetection).bool(9, conflictDetection);
        }
    }

    /** Route: if_name = 1, dst = 2, gw = 3. */
    record Route(String ifName, String dst, String gw) {
        static Route decode(WireReader in) throws MalformedWireException {
            String[] v = {"", "", ""};
            for (int f = in.next(); f != 0; f = in.next()) {
                if (f >= 1 && f <= 3 && in.is(WireReader.LENGTH_DELIMITED)) {
                    v[f - 1] = in.string();
                } else if (f < 1 || f > 3) {
                    in.skip();
                }
            }
            return new Route(v[0], v[1], v[2]);
        }

        WireWriter encode() {
            return new WireWriter().string(1, ifName).string(2, dst).string(3, gw);
        }
    }

    /** Dns: nameservers = 1, domain = 2, search = 3, options = 4. */
    record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
        static Dns decode(WireReader in) throws MalformedWireException {
            List<String> nameservers = new ArrayList<>();
            List<String> search = new ArrayList<>();
            List<String> options = new ArrayList<>();
            String domain = "";
            for (int f = in.next(); f != 0; f = in.next()) {
                switch (f) {
                    case 1 -> addString(in, nameservers);
                    case 2 -> domain = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : domain;
                    case 3 -> addString(in, search);
                    case 4 -> addString(in, options);
                    default -> in.skip();
                }
            }
            return new Dns(List.copyOf(nameservers), domain, List.copyOf(search), List.copyOf(options));
        }

        WireWriter encode() {
            return new WireWriter().strings(1, nameservers).string(2, domain).strings(3, search).strings(4, options);
        }
    }

    /**
     * AllocateResponse (ips = 1, routes = 2, dns = 3) and CheckResponse (ips = 1, routes = 2), which
     * share their numbering; {@code dns} is null when the reply has none.
     */
    record Allocation(List<Ip> ips, List<Route> routes, Dns dns) {
        static Allocation decode(WireReader in) throws MalformedWireException {
            List<Ip> ips = new ArrayList<>();
            List<Route> routes = new ArrayList<>();
            Dns dns = null;
            for (int f = in.next(); f != 0; f = in.next()) {
                switch (f) {
                    case 1 -> {
                        if (in.is(WireReader.LENGTH_DELIMITED)) {
                            ips.add(Ip.decode(in.message()));
                        }
                    }
                    case 2 -> {
                        if (in.is(WireReader.LENGTH_DELIMITED)) {
                            routes.add(Route.decode(in.message()));
                        }
                    }
                    case 3 -> dns = in.is(WireReader.LENGTH_DELIMITED) ? Dns.decode(in.message()) : dns;
                    default -> in.skip();
                }
            }
            return new Allocation(List.copyOf(ips), List.copyOf(routes), dns);
        }

        WireWriter encode() {
            WireWriter out = new WireWriter();
            for (Ip ip : ips) {
                out.message(1, ip.encode());
            }
            for (Route route : routes) {
                out.message(2, route.encode());
            }
            return dns == null ? out : out.message(3, dns.encode());
        }
    }

    /** ReleaseResponse and GarbageCollectResponse: released = 1, "pool/address" each. */
    record Released(List<String> released) {
        static Released decode(WireReader in) throws MalformedWireException {
            List<String> released = new ArrayList<>();
            for (int f = in.next(); f != 0; f = in.next()) {
                if (f == 1) {
                    addString(in, released);
                } else {
                    in.skip();
                }
            }
            return new Released(List.copyOf(released));
        }

        WireWriter encode() {
            return new WireWriter().strings(1, released);
        }
    }

    /** HealthyResponse: serving = 1, store = 2. */
    record Health(boolean serving, String store) {
        static Health decode(WireReader in) throws MalformedWireException {
            boolean serving = false;
            String store = "";
            for (int f = in.next(); f != 0; f = in.next()) {
                switch (f) {
                    case 1 -> serving = in.is(WireReader.VARINT) ? in.bool() : serving;
                    case 2 -> store = in.is(WireReader.LENGTH_DELIMITED) ? in.string() : store;
                    default -> in.skip();
                }
            }
            return new Health(serving, store);
        }

        WireWriter encode() {
            return new WireWriter().bool(1, serving).string(2, store);
        }
    }

    static void addString(WireReader in, List<String> to) throws MalformedWireException {
        if (in.is(WireReader.LENGTH_DELIMITED)) {
            to.add(in.string());
        }
    }
}
