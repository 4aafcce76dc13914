/**
 * What every data-plane process shares: the management server ({@code /healthz}, {@code /readyz},
 * {@code /metrics}) on its own port, and configuration files that reload when they change.
 */
package dev.sluice.runtime;
