/**
 * Kafka topics through the Admin API: created with the compiled partitions, replication and
 * retention; partitions only grow; a retention change is applied to an existing topic.
 */
package dev.sluice.operator.kafka;
