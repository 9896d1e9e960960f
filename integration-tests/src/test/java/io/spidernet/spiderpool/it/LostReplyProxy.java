package io.spidernet.spiderpool.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 forwarder on loopback between the apps and the test API server that lets some writes
 * land but loses their replies, as a write does whose answer is cut off by a timeout, a proxy or a
 * load balancer: the request reaches the server, which applies it and answers, but the answer is
 * discarded, the client's connection is held silent for {@code hold} (longer than the client's
 * request timeout) and then reset. While {@link #arm armed}, every {@code every}-th write (POST, PUT,
 * PATCH) whose path matches {@code writes} is broken, {@code budget} of them at most: which writes
 * break is decided by their order, not by chance, and the damage is bounded.
 *
 * <p>The apps speak plain HTTP/1.1 to the test API server (an {@code http://} URL, no TLS, so no
 * ALPN and no HTTP/2) and send a request on a connection only once the previous one was answered;
 * so a connection whose reply is being swallowed carries nothing else, and replies need no parsing.
 * Requests are parsed (head, then a {@code Content-Length} or chunked body) only to find the writes;
 * a connection upgraded to something else (a WebSocket watch) is forwarded as raw bytes from then on.
 *
 * <p>Bounded: at most {@link #MAX_CONNECTIONS} connections at once and {@link #MAX_HEAD_BYTES} of
 * request head; any more, or a request head that is not HTTP/1.1 or has a bad {@code Content-Length},
 * and the connection is reset before that request reaches the server (a bad chunk inside a body resets
 * it midway).
 */
final class LostReplyProxy implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;
    static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Pattern writes;
    private final int every;
    private final int budget;
    private final Duration hold;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger matched = new AtomicInteger();
    private final AtomicInteger broken = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean armed;

    private LostReplyProxy(ServerSocket server, InetSocketAddress target, Pattern writes, int every, int budget, Duration hold) {
        this.server = server;
        this.target = target;
        this.writes = writes;
        this.every = every;
        this.budget = budget;
        this.hold = hold;
        Thread.ofPlatform().daemon().name("lost-reply-proxy " + server.getLocalPort()).start(this::accept);
    }

    /**
     * Forwards a loopback port the kernel picks to {@code apiUrl} ({@code http://host:port}); once armed,
     * loses the reply of every {@code every}-th write whose path (without its query) matches {@code writes},
     * {@code budget} at most, holding each such connection silent for {@code hold} before resetting it.
     */
    static LostReplyProxy inFrontOf(String apiUrl, Pattern writes, int every, int budget, Duration hold) throws IOException {
        if (every < 1 || budget < 0 || hold.isNegative()) {
            throw new IllegalArgumentException("every must be >= 1, budget >= 0 and hold >= 0; got " + every + ", " + budget
                    + ", " + hold);
        }
        URI uri = URI.create(apiUrl);
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only a plain http:// API server can be read for writes, not " + apiUrl);
        }
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new LostReplyProxy(server, new InetSocketAddress(uri.getHost(), uri.getPort()), writes, every, budget, hold);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, matching writes are counted and every {@code every}-th one loses its reply. */
    void arm() {
        armed = true;
    }

    /** Forwards everything again; connections already held stay held until their {@code hold} ends. */
    void disarm() {
        armed = false;
    }

    /** Matching writes seen while armed. */
    int matched() {
        return matched.get();
    }

    /** Writes forwarded whose reply was (or is being) withheld. */
    int broken() {
        return broken.get();
    }

    /** Broken writes the server answered: they landed, and the client never saw the answer. */
    int answeredUnseen() {
        return answered.get();
    }

    /** Connections reset for bad input or because too many were open. */
    int refused() {
        return refused.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (open.size() >= 2 * MAX_CONNECTIONS) {
                refuse(client);
                continue;
            }
            try {
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                Connection c = new Connection(client, upstream);
                Thread.ofVirtual().start(c::requests);
                Thread.ofVirtual().start(c::replies);
            } catch (IOException e) {
                ApiServerOutage.reset(client);
            }
        }
    }

    private void refuse(Socket client) {
        refused.incrementAndGet();
        ApiServerOutage.reset(client);
    }

    /** Whether this write is one to break: decided when its head is read, before it is forwarded. */
    private boolean breaks(String method, String path) {
        if (!armed || !WRITES.contains(method) || !writes.matcher(path).matches()) {
            return false;
        }
        if (matched.incrementAndGet() % every != 0) {
            return false;
        }
        return broken.getAndUpdate(n -> n < budget ? n + 1 : n) < budget;
    }

    /** One client connection and its own connection to the server. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean swallowing;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        /** Client to server, request by request, until one is broken, the client ends, or it sends bad input. */
        void requests() {
            try {
                InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = upstream.getOutputStream();
                for (byte[] head; (head = readHead(in)) != null; ) {
                    Head h = Head.parse(new String(head, StandardCharsets.ISO_8859_1));
                    boolean lose = breaks(h.method, h.path);
                    swallowing = lose; // set before the server can answer
                    out.write(head);
                    forwardBody(h, in, out);
                    out.flush();
                    if (h.upgrade) {
                        in.transferTo(out);
                        return;
                    }
                    if (lose) {
                        Thread.sleep(hold);
                        return;
                    }
                }
            } catch (BadRequest e) {
                refused.incrementAndGet();
            } catch (IOException | InterruptedException ended) {
                // either side went away, or the proxy closed
            } finally {
                end();
            }
        }

        /** Server to client as raw bytes; the reply of a broken write is read and dropped. */
        void replies() {
            byte[] buffer = new byte[16 * 1024];
            boolean counted = false;
            try (InputStream in = upstream.getInputStream()) {
                OutputStream out = client.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!swallowing) {
                        out.write(buffer, 0, n);
                    } else if (!counted) {
                        counted = true;
                        answered.incrementAndGet();
                    }
                }
            } catch (IOException ended) {
                // either side went away
            } finally {
                if (!swallowing) {
                    end();
                }
            }
        }

        private void end() {
            open.remove(client);
            open.remove(upstream);
            ApiServerOutage.reset(client);
            ApiServerOutage.reset(upstream);
        }
    }

    /** Method, path without query, and how its body is framed. */
    private record Head(String method, String path, long contentLength, boolean chunked, boolean upgrade) {
        static Head parse(String text) throws BadRequest {
            String[] lines = text.split("\r\n");
            String[] start = lines[0].split(" ");
            if (start.length != 3 || !start[2].equals("HTTP/1.1") || !start[1].startsWith("/")) {
                throw new BadRequest("not an HTTP/1.1 request line: " + lines[0]);
            }
            long length = 0;
            boolean chunked = false;
            boolean upgrade = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> {
                        try {
                            length = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new BadRequest("bad Content-Length: " + value);
                        }
                    }
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "upgrade" -> upgrade = true;
                    default -> { }
                }
            }
            if (length < 0) {
                throw new BadRequest("negative Content-Length: " + length);
            }
            int query = start[1].indexOf('?');
            return new Head(start[0], query < 0 ? start[1] : start[1].substring(0, query), length, chunked, upgrade);
        }
    }

    /** Input this proxy will not forward: the connection is reset before any of it reaches the server. */
    private static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The bytes up to and including the blank line; null at a clean end of stream before any byte. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matchedEnd = 0;
        while (matchedEnd < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("request head cut off after " + head.size() + " bytes");
            }
            if (head.size() >= MAX_HEAD_BYTES) {
                throw new BadRequest("request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            matchedEnd = (b == (matchedEnd % 2 == 0 ? '\r' : '\n')) ? matchedEnd + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static void forwardBody(Head h, InputStream in, OutputStream out) throws IOException {
        if (!h.chunked) {
            copy(in, out, h.contentLength);
            return;
        }
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new BadRequest("bad chunk size line: " + sizeLine);
            }
            if (size == 0) {
                for (String trailer; !(trailer = readLine(in)).isEmpty(); ) {
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            copy(in, out, size + 2); // the chunk and its CRLF
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0 || line.length() >= MAX_HEAD_BYTES) {
                throw new IOException("chunk framing cut off or too long");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (long left = count; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("body cut off with " + left + " bytes to go");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    @Override
    public void close() throws IOException {
        armed = false;
        server.close();
        open.forEach(ApiServerOutage::reset);
    }
}
