/**
 * Admission rules for SpiderIPPool, SpiderSubnet, SpiderReservedIP and SpiderCoordinator as pure
 * functions.
 *
 * <p>The controller's adapter decodes the AdmissionReview, fetches the snapshots a rule needs
 * (other pools, subnets) and calls a {@code *Mutator} (which returns a defaulted copy plus
 * warnings) or a {@code *Validator} (which returns an {@link
 * io.spidernet.spiderpool.core.webhook.AdmissionResult} carrying upstream's HTTP status). The
 * validators expect the object as the mutator left it, which is what the API server sends to a
 * validating webhook. Nothing here does I/O or knows about HTTP.
 */
package io.spidernet.spiderpool.core.webhook;
