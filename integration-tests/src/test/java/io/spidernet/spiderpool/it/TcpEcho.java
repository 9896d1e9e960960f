package io.spidernet.spiderpool.it;

import io.spidernet.spiderpool.netlink.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP echo server inside a network namespace and the matching client check, with no process
 * and no fixed port. A socket belongs to the namespace of the thread that created it, so both ends
 * are created inside {@link Netns#run} (a fresh platform thread that entered the namespace);
 * accepting and reading may then happen on any thread. TCP, not ping: a connection completes only
 * when the request and the reply paths both work, which is what the coordinator's routes are for.
 */
final class TcpEcho implements AutoCloseable {
    /** What one successful exchange saw: the client's own address and what the server answered. */
    record Exchange(InetSocketAddress local, String reply) {}

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<InetAddress> peers = new CopyOnWriteArrayList<>();

    private TcpEcho(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("echo " + server.getLocalPort()).start(this::serve);
    }

    /** Listens on all addresses of {@code netns} (IPv4 and IPv6) at a port the kernel picks. */
    static TcpEcho listen(Path netns) throws Exception {
        ServerSocket server = Netns.run(netns, () -> new ServerSocket(0, 50));
        return new TcpEcho(server);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Source addresses of the connections accepted so far, as the server saw them (after any NAT). */
    List<InetAddress> peers() {
        return List.copyOf(peers);
    }

    /**
     * Connects from {@code netns} to {@code target}, sends a random line and expects it back.
     *
     * @throws IOException when the connection or the echo does not complete within {@code timeout}
     */
    static Exchange exchange(Path netns, InetSocketAddress target, Duration timeout) throws Exception {
        return Netns.run(netns, () -> {
            try (Socket s = new Socket()) {
                s.connect(target, (int) timeout.toMillis());
                s.setSoTimeout((int) timeout.toMillis());
                String token = UUID.randomUUID().toString();
                s.getOutputStream().write((token + "\n").getBytes(StandardCharsets.US_ASCII));
                String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if (!token.equals(reply)) {
                    throw new IOException("echo from " + target + " answered '" + reply + "' instead of '" + token + "'");
                }
                return new Exchange((InetSocketAddress) s.getLocalSocketAddress(), reply);
            }
        });
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                peers.add(s.getInetAddress());
                s.setSoTimeout(10_000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if (line != null) {
                    OutputStream out = s.getOutputStream();
                    out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (SocketException closedOrReset) {
                // closed by close(), or a client that gave up: keep serving until closed
            } catch (IOException e) {
                // one bad client must not stop the server
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
