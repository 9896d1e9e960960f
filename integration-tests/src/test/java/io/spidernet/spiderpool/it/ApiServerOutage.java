package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback between the apps and the test API server, which a test can take down:
 * while {@link #down()}, every open connection is reset and every new one is reset as soon as it is
 * accepted, as when the API server restarts; {@link #up()} forwards again. The apps are given
 * {@link #url()}; the test's own client keeps talking to the server directly, so the fixture can
 * still create pods during the outage, as other users of a real cluster would.
 *
 * <p>Bounded: at most {@link #MAX_CONNECTIONS} forwarded connections at once, any more are reset.
 */
final class ApiServerOutage implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    private ApiServerOutage(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
        Thread.ofPlatform().daemon().name("api-proxy " + server.getLocalPort()).start(this::accept);
    }

    /** Forwards a loopback port the kernel picks to {@code apiUrl} (an {@code http://host:port} URL). */
    static ApiServerOutage inFrontOf(String apiUrl) throws IOException {
        URI uri = URI.create(apiUrl);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new ApiServerOutage(server, new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Resets every open connection and refuses new ones until {@link #up()}. */
    void down() {
        down = true;
        open.forEach(ApiServerOutage::reset);
    }

    void up() {
        down = false;
    }

    /** Forwarded connections open now (both directions of one count once). */
    int connections() {
        return open.size() / 2;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (down || open.size() >= 2 * MAX_CONNECTIONS) {
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    /** Copies until either side ends, then closes both: a half-open connection would only hang a client. */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ended) {
            // reset by down() or by either side
        } finally {
            open.remove(from);
            open.remove(to);
            reset(from);
            reset(to);
        }
    }

    /**
     * Closes with an RST rather than a FIN, so the client sees the failure at once and does not wait for an
     * answer; {@link LostReplyProxy} ends its held connections the same way.
     */
    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        down();
    }
}
