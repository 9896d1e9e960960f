package io.spidernet.spiderpool.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a kind whose {@code status} is an ordinary field of the object, not a status subresource.
 * Upstream's CRD says so, and it changes how the object must be written: the whole object is
 * updated through the main endpoint, because {@code /status} does not exist for it. The CRD
 * generation step reads this marker to leave the subresource out.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NoStatusSubresource {}
