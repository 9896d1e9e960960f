package io.spidernet.spiderpool.agent.socket;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
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

    /** Reads the header and the request; an unknown method is refused before its body is read. */
    static Call<?> readCall(InputStream in, Map<String, NodeMethods.Method<?>> methods) throws IOException, Refused {
        RequestHeader header;
        try {
            header = RequestHeader.parseDelimitedFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new Refused(Failure.Kind.WRONG_INPUT, "malformed request header: " + e.getMessage());
        }
        if (header == null) {
            throw new Refused(Failure.Kind.WRONG_INPUT, "the connection closed before a request header arrived");
        }
        NodeMethods.Method<?> method = methods.get(header.getMethod());
        if (method == null) {
            throw new Refused(Failure.Kind.UNKNOWN_METHOD, "unknown method '" + header.getMethod() + "'; this agent serves "
                    + String.join(", ", methods.keySet()));
        }
        return readBody(in, header.getMethod(), method);
    }

    private static <Q extends Message> Call<Q> readBody(InputStream in, String name, NodeMethods.Method<Q> method)
            throws IOException, Refused {
        Q request;
        try {
            request = method.parser().parseDelimitedFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new Refused(Failure.Kind.WRONG_INPUT, "malformed " + name + " request: " + e.getMessage());
        }
        if (request == null) {
            throw new Refused(Failure.Kind.WRONG_INPUT, "no " + name + " request message after its header");
        }
        return new Call<>(name, method, request);
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
