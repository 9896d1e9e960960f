package io.spidernet.spiderpool.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an integer field that upstream declares as a Go {@code int} or {@code uint}: its CRD schema
 * has {@code type: integer} and no {@code format}. Every other {@code Integer} field is a Go
 * {@code int32} ({@code format: int32}) and every {@code Long} a Go {@code int64}
 * ({@code format: int64}); the CRD generation step derives the format from the Java type unless
 * this marker is present.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface NoIntegerFormat {}
