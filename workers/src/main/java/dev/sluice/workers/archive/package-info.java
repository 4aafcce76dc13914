/**
 * The archive destination: gzip newline-delimited JSON files partitioned by Source and hour of
 * receipt, rolled by size and age, written durably to a local directory or uploaded to S3.
 */
package dev.sluice.workers.archive;
