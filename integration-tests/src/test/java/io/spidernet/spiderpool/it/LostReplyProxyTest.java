package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The lost-reply proxy forwards every request; armed, it loses the replies of every n-th matching
 * write, a bounded number of them, after the server got the write; reads and other paths always pass;
 * bad request heads never reach the server.
 */
class LostReplyProxyTest {
    private static final Pattern STATUS = Pattern.compile("/apis/x/[^/]+/status");
    private static final Duration HOLD = Duration.ofMillis(1500);

    @Test
    void losesTheReplyOfEveryNthMatchingWriteWhileArmedUpToItsBudget() throws Exception {
        try (FakeServer api = new FakeServer();
             LostReplyProxy proxy = LostReplyProxy.inFrontOf(api.url(), STATUS, 2, 2, HOLD)) {
            try (Client c = new Client(proxy)) {
                assertThat(c.send("PUT", "/apis/x/a/status", "v0")).as("disarmed").isEqualTo("ok PUT /apis/x/a/status v0");
            }
            proxy.arm();
            try (Client c = new Client(proxy)) {
                assertThat(c.send("GET", "/apis/x/a/status", "")).as("a read").startsWith("ok GET");
                assertThat(c.send("PUT", "/apis/x/a", "spec")).as("another path").startsWith("ok PUT");
                assertThat(c.send("PUT", "/apis/x/a/status", "v1")).as("1st matching write").startsWith("ok PUT");
                assertThat(c.sendChunked("PATCH", "/apis/x/a?fieldManager=m", "s1", "s2"))
                        .as("a chunked body is framed: the next request on the connection is answered").startsWith("ok PATCH");
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> c.send("PUT", "/apis/x/b/status", "v3")).as("2nd matching write: no answer")
                        .isInstanceOf(SocketTimeoutException.class);
                assertThat(api.received()).as("yet the server got it").contains("PUT /apis/x/b/status v3");
                assertThatThrownBy(c::awaitEnd).as("then the connection ends").isInstanceOf(IOException.class)
                        .isNotInstanceOf(SocketTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("after the hold").isGreaterThanOrEqualTo(HOLD);
            }
            try (Client c = new Client(proxy)) {
                assertThat(c.send("POST", "/apis/x/c/status", "v4")).as("3rd").startsWith("ok POST");
                assertThatThrownBy(() -> c.send("PUT", "/apis/x/c/status", "v5")).as("4th: lost")
                        .isInstanceOf(SocketTimeoutException.class);
            }
            try (Client c = new Client(proxy)) {
                c.send("PUT", "/apis/x/d/status", "v6");
                assertThat(c.send("PUT", "/apis/x/d/status", "v7")).as("6th: the budget of 2 is spent").startsWith("ok PUT");
            }
            awaitAnswered(proxy, 2);
            assertThat(proxy.matched()).isEqualTo(6);
            assertThat(proxy.broken()).isEqualTo(2);
            assertThat(proxy.answeredUnseen()).as("both broken writes were answered by the server").isEqualTo(2);
            proxy.disarm();
            try (Client c = new Client(proxy)) {
                assertThat(c.send("PUT", "/apis/x/e/status", "v8")).startsWith("ok PUT");
            }
            assertThat(proxy.matched()).as("disarmed, nothing is counted").isEqualTo(6);
        }
    }

    @Test
    void resetsBadRequestHeadsBeforeTheyReachTheServer() throws Exception {
        try (FakeServer api = new FakeServer();
             LostReplyProxy proxy = LostReplyProxy.inFrontOf(api.url(), STATUS, 1, 10, HOLD)) {
            proxy.arm();
            try (Client c = new Client(proxy)) {
                c.raw("HELLO\r\n\r\n");
                assertThatThrownBy(c::awaitEnd).as("not HTTP/1.1").isInstanceOf(IOException.class)
                        .isNotInstanceOf(SocketTimeoutException.class);
            }
            try (Client c = new Client(proxy)) {
                c.raw("PUT /apis/x/a/status HTTP/1.1\r\nContent-Length: -5\r\n\r\n");
                assertThatThrownBy(c::awaitEnd).as("negative length").isInstanceOf(IOException.class);
            }
            try (Client c = new Client(proxy)) {
                c.raw("GET / HTTP/1.1\r\nX-Big: " + "a".repeat(LostReplyProxy.MAX_HEAD_BYTES) + "\r\n\r\n");
                assertThatThrownBy(c::awaitEnd).as("head over the bound").isInstanceOf(IOException.class);
            } catch (IOException resetWhileWriting) {
                // the proxy may reset before the whole head is written
            }
            awaitRefused(proxy, 3);
            assertThat(api.received()).as("none reached the server").isEmpty();
            assertThat(proxy.broken()).isZero();
        }
        assertThatThrownBy(() -> LostReplyProxy.inFrontOf("https://127.0.0.1:1", STATUS, 1, 1, HOLD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http://");
        assertThatThrownBy(() -> LostReplyProxy.inFrontOf("http://127.0.0.1:1", STATUS, 0, 1, HOLD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every must be >= 1");
    }

    private static void awaitAnswered(LostReplyProxy proxy, int n) throws InterruptedException {
        for (int i = 0; i < 100 && proxy.answeredUnseen() < n; i++) {
            Thread.sleep(20);
        }
    }

    private static void awaitRefused(LostReplyProxy proxy, int n) throws InterruptedException {
        for (int i = 0; i < 100 && proxy.refused() < n; i++) {
            Thread.sleep(20);
        }
        assertThat(proxy.refused()).isEqualTo(n);
    }

    /** A keep-alive HTTP/1.1 client on one connection; a reply not read within half the hold is a timeout. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Client(LostReplyProxy proxy) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(proxy.url().substring(proxy.url().lastIndexOf(':') + 1)));
            socket.setSoTimeout((int) HOLD.toMillis() / 2);
            in = new BufferedInputStream(socket.getInputStream());
        }

        String send(String method, String path, String body) throws IOException {
            raw(method + " " + path + " HTTP/1.1\r\nHost: api\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            return readReply();
        }

        String sendChunked(String method, String path, String... chunks) throws IOException {
            StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: api\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (String chunk : chunks) {
                b.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            }
            raw(b.append("0\r\n\r\n").toString());
            return readReply();
        }

        void raw(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** After a silent reply: waits (longer than the hold) for the proxy to end the connection. */
        void awaitEnd() throws IOException {
            socket.setSoTimeout((int) HOLD.toMillis() * 3);
            readReply();
        }

        /** The body of the next reply. */
        String readReply() throws IOException {
            FakeServer.Request r = FakeServer.read(in);
            if (r == null) {
                throw new IOException("connection ended");
            }
            return r.body();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Answers every request with {@code ok <method> <path> <body>} and remembers what it got. */
    private static final class FakeServer implements AutoCloseable {
        record Request(String method, String path, String body) { }

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> received = new CopyOnWriteArrayList<>();

        FakeServer() throws IOException {
            Thread.ofVirtual().start(this::serve);
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        List<String> received() {
            return received;
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> answer(s));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void answer(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                for (Request r; (r = read(in)) != null; ) {
                    received.add(r.method() + " " + r.path() + " " + r.body());
                    byte[] body = ("ok " + r.method() + " " + r.path() + " " + r.body()).getBytes(StandardCharsets.ISO_8859_1);
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(body);
                    s.getOutputStream().flush();
                }
            } catch (IOException ended) {
                // the proxy reset it
            }
        }

        /** One request or reply: start line, headers, a Content-Length or chunked body; null at end of stream. */
        static Request read(InputStream in) throws IOException {
            String start = line(in);
            if (start == null) {
                return null;
            }
            long length = 0;
            boolean chunked = false;
            for (String h; !(h = line(in)).isEmpty(); ) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (int size; (size = Integer.parseInt(line(in), 16)) > 0; ) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes((int) length));
            }
            String[] parts = start.split(" ");
            return new Request(parts[0], parts[1], body.toString(StandardCharsets.ISO_8859_1));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    if (b.isEmpty()) {
                        return null;
                    }
                    throw new IOException("cut off");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
