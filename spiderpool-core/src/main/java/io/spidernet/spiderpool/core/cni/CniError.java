package io.spidernet.spiderpool.core.cni;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a CNI verb can fail with, as the runtime sees it. Each subclass is one code: the
 * spec's well-known codes 1–7 and 11, plus {@link Spiderpool} for the plugin's own codes (100 and
 * up, listed in {@link SpiderpoolErrorKind}), so the binary never invents a code at the print site.
 *
 * <p>{@link #msg()} is the short statement, {@link #details()} says what to change; kubelet shows
 * both in the pod's events. Code 50 is STATUS's (spec 1.1.0) answer for "cannot serve ADD now".
 */
public abstract sealed class CniError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String msg;
    private final String details;

    CniError(String msg, String details) {
        super(details == null || details.isEmpty() ? msg : msg + "; " + details);
        this.msg = Objects.requireNonNull(msg, "msg");
        this.details = details == null ? "" : details;
    }

    /** The number on the wire; fixed per subclass, per kind for {@link Spiderpool}. */
    public abstract int code();

    public String msg() {
        return msg;
    }

    /** Empty when there is nothing to add; then the JSON leaves the key out, as libcni does. */
    public String details() {
        return details;
    }

    /** {@code {"cniVersion":…,"code":…,"msg":…,"details":…}}, the spec's error object. */
    public Map<String, Object> toJsonMap(String cniVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cniVersion", cniVersion);
        m.put("code", code());
        m.put("msg", msg);
        if (!details.isEmpty()) {
            m.put("details", details);
        }
        return m;
    }

    public String toJson(String cniVersion) {
        return JsonWriter.write(toJsonMap(cniVersion));
    }

    /** Code 1: the config's cniVersion is not one this plugin speaks. */
    public static final class IncompatibleVersion extends CniError {
        private static final long serialVersionUID = 1L;

        public IncompatibleVersion(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 1;
        }
    }

    /** Code 2: a config field this plugin does not support; the message names key and value. */
    public static final class UnsupportedField extends CniError {
        private static final long serialVersionUID = 1L;

        public UnsupportedField(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 2;
        }
    }

    /** Code 3: the container is gone, so the runtime need not clean up after it. */
    public static final class UnknownContainer extends CniError {
        private static final long serialVersionUID = 1L;

        public UnknownContainer(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 3;
        }
    }

    /** Code 4: a CNI_* environment variable is missing or invalid; the message names it. */
    public static final class InvalidEnvironment extends CniError {
        private static final long serialVersionUID = 1L;

        public InvalidEnvironment(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 4;
        }
    }

    /** Code 5: reading stdin (or another local file) failed. */
    public static final class IoFailure extends CniError {
        private static final long serialVersionUID = 1L;

        public IoFailure(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 5;
        }
    }

    /** Code 6: the bytes are not JSON (or not UTF-8) at all. */
    public static final class DecodingFailure extends CniError {
        private static final long serialVersionUID = 1L;

        public DecodingFailure(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 6;
        }
    }

    /** Code 7: the JSON is fine but a field is missing, of the wrong type or out of range. */
    public static final class InvalidNetworkConfig extends CniError {
        private static final long serialVersionUID = 1L;

        public InvalidNetworkConfig(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 7;
        }
    }

    /** Code 11: a transient condition (agent restarting, busy); the runtime should retry. */
    public static final class TryAgainLater extends CniError {
        private static final long serialVersionUID = 1L;

        public TryAgainLater(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 11;
        }
    }

    /** Code 50, STATUS only: the plugin is not available, i.e. an ADD now would fail; details say why. */
    public static final class PluginNotAvailable extends CniError {
        private static final long serialVersionUID = 1L;

        public PluginNotAvailable(String msg, String details) {
            super(msg, details);
        }

        @Override
        public int code() {
            return 50;
        }
    }

    /**
     * Spiderpool's own failures. The kind fixes code and summary and adds its remedy after the
     * caller's details, so every such error ends with what to change.
     */
    public static final class Spiderpool extends CniError {
        private static final long serialVersionUID = 1L;

        private final SpiderpoolErrorKind kind;

        public Spiderpool(SpiderpoolErrorKind kind, String details) {
            super(kind.summary(), details == null || details.isEmpty() ? kind.remedy() : details + "; " + kind.remedy());
            this.kind = kind;
        }

        public SpiderpoolErrorKind kind() {
            return kind;
        }

        @Override
        public int code() {
            return kind.code();
        }
    }
}
