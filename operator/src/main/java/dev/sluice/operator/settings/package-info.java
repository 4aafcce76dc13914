/**
 * The operator's own settings (image, Kafka, pod resources, extra labels): a plain record the
 * builders take, filled from Quarkus configuration ({@code SLUICE_OPERATOR_*}) in production and
 * built directly in tests.
 */
package dev.sluice.operator.settings;
