package io.spidernet.spiderpool.agent.socket;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.ReplyHeader;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Test client of the CNI socket: the framing as the CNI plugin speaks it. */
public final class FramedClient {
    private FramedClient() {}

    /** A reply: either a failure or a response. */
    public record Reply<R>(Failure failure, R response) {
        public boolean ok() {
            return failure == null;
        }
    }

    public static <R> Reply<R> call(Path socket, String method, Message request, Parser<R> parser) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try {
            RequestHeader.newBuilder().setMethod(method).build().writeDelimitedTo(frame);
            request.writeDelimitedTo(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw(socket, frame.toByteArray(), parser);
    }

    /** Sends exactly {@code bytes}, half-closes, and reads the reply. */
    public static <R> Reply<R> raw(Path socket, byte[] bytes, Parser<R> parser) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.shutdownOutput();
            InputStream in = Channels.newInputStream(ch);
            ReplyHeader header = ReplyHeader.parseDelimitedFrom(in);
            if (header == null) {
                throw new IllegalStateException("the agent closed the connection without a reply");
            }
            if (header.hasFailure()) {
                return new Reply<>(header.getFailure(), null);
            }
            return new Reply<>(null, parser.parseDelimitedFrom(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
