package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The outage proxy forwards both ways, resets open connections when taken down, refuses new ones until up again. */
class ApiServerOutageTest {

    @Test
    void forwardsThenResetsAndRefusesWhileDownThenForwardsAgain() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ApiServerOutage proxy = ApiServerOutage.inFrontOf("http://127.0.0.1:" + echo.getLocalPort())) {
            Thread.ofVirtual().start(() -> echoAll(echo));
            int port = Integer.parseInt(proxy.url().substring(proxy.url().lastIndexOf(':') + 1));

            try (Socket open = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(roundTrip(open, "before")).isEqualTo("before");
                proxy.down();
                assertThatThrownBy(() -> roundTrip(open, "during")).as("an open connection is reset").isInstanceOf(IOException.class);
            }
            try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThatThrownBy(() -> roundTrip(refused, "during")).as("a new connection is reset").isInstanceOf(IOException.class);
            }
            proxy.up();
            try (Socket again = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(roundTrip(again, "after")).isEqualTo("after");
            }
        }
    }

    /** Writes the text and reads as many bytes back; an ended stream is a failure like a reset. */
    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        byte[] back = in.readNBytes(bytes.length);
        if (back.length < bytes.length) {
            throw new IOException("connection ended after " + back.length + " bytes");
        }
        return new String(back, StandardCharsets.US_ASCII);
    }

    private static void echoAll(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException ended) {
                        // the proxy reset it
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }
}
