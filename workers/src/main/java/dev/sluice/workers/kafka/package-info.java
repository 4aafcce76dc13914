/** The kafka destination: produce each message to a topic on this or another cluster. */
package dev.sluice.workers.kafka;
