/**
 * The process convention of the data plane: one argument parser and one set of environment
 * variables ({@code SLUICE_CONFIG}, {@code SLUICE_KAFKA_BOOTSTRAP_SERVERS}, ...) for the gateway
 * and the workers, exit codes, and a graceful stop.
 */
package dev.sluice.runtime.process;
