/**
 * {@code sluice local}: an embedded broker, the gateway and one pipeline per Destination in one
 * process, compiled from a folder of manifests that is watched for changes.
 */
package dev.sluice.cli.local;
