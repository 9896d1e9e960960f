package io.spidernet.spiderpool.controller;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Booleans as upstream's controller reads its environment, Go's {@code strconv.ParseBool}: "t" is
 * true there (SmallRye would read it as false) and "yes" is an error (SmallRye: true).
 */
public final class GoBoolConverter implements Converter<Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean convert(String value) {
        String text = value.strip();
        return switch (text) {
            case "" -> null; // unset: the default applies
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not a boolean; write it like \"true\" or \"false\"");
        };
    }
}
