package io.spidernet.spiderpool.core.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Deep copies through the JSON form. Mutators return a copy so that the adapter can diff input
 * and output into a JSON patch, and a rule can never change the snapshot it was given.
 */
final class Copies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Copies() {}

    static <T> T deepCopy(T object, Class<T> type) {
        return JSON.convertValue(JSON.valueToTree(object), type);
    }
}
