/**
 * The Segment message model: parsing request bodies, validating each message by Segment's rules,
 * enriching it (messageId, receivedAt, skew-corrected timestamp, context.ip) and serialising it for
 * the log. Pure code, no I/O: the gateway calls {@link dev.sluice.api.message.MessageParser} and
 * {@link dev.sluice.api.message.Ingest}; workers and the CLI read logged messages through {@link
 * dev.sluice.api.message.SegmentMessage}.
 */
package dev.sluice.api.message;
