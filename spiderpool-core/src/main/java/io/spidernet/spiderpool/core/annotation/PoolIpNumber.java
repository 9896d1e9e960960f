package io.spidernet.spiderpool.core.annotation;

import io.spidernet.spiderpool.core.annotation.AnnotationValues.Invalid;

/**
 * The size of an auto-created pool, from {@value SpiderpoolAnnotations#IPPOOL_IP_NUMBER}: either a
 * fixed count ({@code "N"}) or the application's replicas plus some spare ({@code "+N"}). A sealed
 * type so that whoever sizes the pool has to handle both.
 */
public sealed interface PoolIpNumber {

    /** The annotation value that means this, e.g. {@code "+1"}; written onto the auto-pool. */
    String annotationValue();

    /** Exactly {@code ips} addresses, whatever the replica count. */
    record Fixed(int ips) implements PoolIpNumber {
        public Fixed {
            if (ips < 0) {
                throw new IllegalArgumentException("ips must not be negative: " + ips);
            }
        }

        @Override
        public String annotationValue() {
            return Integer.toString(ips);
        }
    }

    /** One address per replica plus {@code extra}. */
    record Flexible(int extra) implements PoolIpNumber {
        public Flexible {
            if (extra < 0) {
                throw new IllegalArgumentException("extra must not be negative: " + extra);
            }
        }

        @Override
        public String annotationValue() {
            return "+" + extra;
        }
    }

    /**
     * Parses {@code "N"} or {@code "+N"}; no spaces, no sign other than one leading '+'. Public
     * because the controller reads the same value back from an auto-pool.
     */
    static PoolIpNumber parse(String raw) {
        try {
            return parseValue(raw);
        } catch (Invalid e) {
            throw new AnnotationException(SpiderpoolAnnotations.IPPOOL_IP_NUMBER, raw, e.getMessage());
        }
    }

    private static PoolIpNumber parseValue(String raw) {
        String hint = "; write \"N\" for exactly N IPs or \"+N\" for one IP per replica plus N, e.g. \"2\" or \"+1\"";
        if (raw.isEmpty()) {
            throw new Invalid("it is empty" + hint);
        }
        boolean flexible = raw.charAt(0) == '+';
        String digits = flexible ? raw.substring(1) : raw;
        if (digits.startsWith("-") && digits.length() > 1 && digits.substring(1).chars().allMatch(Character::isDigit)) {
            throw new Invalid("it is negative" + hint);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Invalid("it is not a number" + hint);
        }
        int n;
        try {
            n = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new Invalid("it is too large; a pool holds at most " + Integer.MAX_VALUE + " IPs");
        }
        return flexible ? new Flexible(n) : new Fixed(n);
    }
}
