package io.spidernet.spiderpool.agent.socket;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.ReplyHeader;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The server side of the CNI socket's framing (ipam.proto's header comment): a varint-delimited
 * {@link RequestHeader} naming the method, then the varint-delimited request; the reply is a
 * delimited {@link ReplyHeader} and, when it carries no failure, the delimited response. One call
 * per connection, so there is no request id and no stream state.
 */
final class Framing {
    /** The largest header or request accepted: a real request is a few hundred bytes. */
    static final int MAX_FRAME_BYTES = 4 << 20;
    private static final int ECHO = 100;

    private Framing() {}

    /** A request that cannot be answered: it becomes the reply's failure. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Failure failure;

        Refused(Failure.Kind kind, String message) {
            super(message, null, false, false);
            this.failure = Failure.newBuilder().setKind(kind).setMessage(message).build();
        }

        Failure failure() {
            return failure;
        }
    }

    /** A parsed call, ready to be handled. */
    record Call<Q extends Message>(String method, NodeMethods.Method<Q> handler, Q request) {
        Message invoke() {
            return handler.handler().apply(request);
        }
    }

    /**
     * Reads the header and the request; an unknown method is refused before its body is read. Both
     * are read from one {@link CodedInputStream} over the connection, each within its own length.
     */
    static Call<?> readCall(InputStream in, Map<String, NodeMethods.Method<?>> methods) throws IOException, Refused {
        CodedInputStream frames = CodedInputStream.newInstance(in);
        RequestHeader header = readFrame(frames, RequestHeader.parser(), "request header",
                "the connection closed before a request header arrived");
        NodeMethods.Method<?> method = methods.get(header.getMethod());
        if (method == null) {
            throw new Refused(Failure.Kind.UNKNOWN_METHOD, "unknown method '" + shortened(header.getMethod())
                    + "'; this agent serves " + String.join(", ", methods.keySet()));
        }
        return readBody(frames, header.getMethod(), method);
    }

    private static <Q extends Message> Call<Q> readBody(CodedInputStream frames, String name, NodeMethods.Method<Q> method)
            throws IOException, Refused {
        Q request = readFrame(frames, method.parser(), name + " request", "no " + name + " request message after its header");
        return new Call<>(name, method, request);
    }

    /**
     * One varint-delimited message. The length prefix is read and checked before anything is read
     * for it, so a caller announcing gigabytes gets a refusal instead of the agent buffering them;
     * the message is then parsed with the stream limited to that length.
     */
    private static <M extends Message> M readFrame(CodedInputStream frames, Parser<M> parser, String what, String missing)
            throws IOException, Refused {
        try {
            if (frames.isAtEnd()) {
                throw new Refused(Failure.Kind.WRONG_INPUT, missing);
            }
            long length = Integer.toUnsignedLong(frames.readRawVarint32());
            if (length > MAX_FRAME_BYTES) {
                throw new Refused(Failure.Kind.WRONG_INPUT, what + " of " + length + " bytes is larger than the "
                        + MAX_FRAME_BYTES + "-byte (4 MiB) limit of a frame on the CNI socket");
            }
            int limit = frames.pushLimit((int) length);
            M message = parser.parseFrom(frames);
            frames.popLimit(limit);
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw new Refused(Failure.Kind.WRONG_INPUT, "malformed " + what + ": " + e.getMessage());
        }
    }

    private static String shortened(String s) {
        return s.length() <= ECHO ? s : s.substring(0, ECHO) + "... (" + s.length() + " characters)";
    }

    static void writeReply(OutputStream out, Message response) throws IOException {
        ReplyHeader.getDefaultInstance().writeDelimitedTo(out);
        response.writeDelimitedTo(out);
        out.flush();
    }

    static void writeFailure(OutputStream out, Failure failure) throws IOException {
        ReplyHeader.newBuilder().setFailure(failure).build().writeDelimitedTo(out);
        out.flush();
    }
}
