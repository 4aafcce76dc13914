/**
 * The one status helper: sets {@code observedGeneration} with Kubernetes-style conditions and
 * leaves an unchanged condition alone, so an unchanged status is never written.
 */
package dev.sluice.operator.status;
