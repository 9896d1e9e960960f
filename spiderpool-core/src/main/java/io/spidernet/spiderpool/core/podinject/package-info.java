/**
 * The Pod resource-injection webhook's rule (upstream's {@code podResourceInject}): which
 * SpiderMultusConfigs a pod asks for through {@code cni.spidernet.io/rdma-resource-inject} or
 * {@code cni.spidernet.io/network-resource-inject}, the Multus networks annotation that follows, the
 * device-plugin resources its first container must request, and the JSON patch that writes both.
 * The controller's adapter hands in the pod, its namespace's annotations and the SpiderMultusConfigs;
 * nothing here does I/O.
 */
package io.spidernet.spiderpool.core.podinject;
