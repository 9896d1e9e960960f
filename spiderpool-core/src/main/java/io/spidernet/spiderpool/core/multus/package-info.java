/**
 * SpiderMultusConfig to Multus NetworkAttachmentDefinition, as a pure function
 * ({@link io.spidernet.spiderpool.core.multus.MultusConfigRenderer}). The controller's reconciler
 * compares the {@link io.spidernet.spiderpool.core.multus.RenderedNad} with the NAD in the cluster and
 * writes the difference; the rendered {@code spec.config} is deterministic, so a plain string
 * comparison finds drift. Input the renderer cannot turn into a config is refused with a
 * {@link io.spidernet.spiderpool.core.multus.MultusRenderException} naming the field.
 */
package io.spidernet.spiderpool.core.multus;
