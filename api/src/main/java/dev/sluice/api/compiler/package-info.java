/**
 * The compiler: one pure function from resources and Secrets to the data plane's configuration,
 * with diagnostics per resource. The operator, the local runner and {@code sluice validate} all use
 * it, so what is checked locally is what runs in the cluster.
 */
package dev.sluice.api.compiler;
