/**
 * Reading Kafka for the console: short-lived consumers that join no group and commit nothing, so a
 * view never disturbs delivery, and bounded pages of a topic's newest records.
 */
package dev.sluice.console.kafka;
