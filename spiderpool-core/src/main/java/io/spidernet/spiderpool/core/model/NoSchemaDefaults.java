package io.spidernet.spiderpool.core.model;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property whose type's {@code @Default}s must not reach this property's CRD schema. The
 * API server fills schema defaults into every object present, which would make "left out" and
 * "set to the default" the same: {@code SpiderMultusConfig.spec.coordinator} shares its type with
 * {@code SpiderCoordinator.spec}, whose defaults are right there, but a field left out of an SMC
 * must inherit the cluster's SpiderCoordinator value (§12 item 2 of the upstream notes), not the
 * built-in default. The CRD generation step drops the defaults below a property marked so.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface NoSchemaDefaults {}
