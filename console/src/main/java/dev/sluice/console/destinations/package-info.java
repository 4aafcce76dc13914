/**
 * The Destinations view: each Destination with its Connections and a delivery overview in Segment's
 * steps (received, filtered by reason, delivered, retried, dead-lettered) over the last hour,
 * consumer lag and latency percentiles; and a Connection's preview on a sample message.
 */
package dev.sluice.console.destinations;
