/**
 * Pod and namespace annotations that steer IPAM, parsed once per request into immutable records
 * ({@link io.spidernet.spiderpool.core.annotation.PodIpamAnnotations},
 * {@link io.spidernet.spiderpool.core.annotation.NamespaceDefaults}). Bad input surfaces as one
 * exception type, {@link io.spidernet.spiderpool.core.annotation.AnnotationException}, whose message
 * names the key and says what to change. Precedence between annotations is decided by pool
 * selection, not here.
 */
package io.spidernet.spiderpool.core.annotation;
