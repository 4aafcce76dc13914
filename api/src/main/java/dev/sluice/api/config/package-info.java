/**
 * What the compiler produces and the data plane runs: the gateway's Sources and one worker
 * configuration per Destination. Plain JSON-serialisable records, so the operator can render them
 * into ConfigMaps and Secrets and the local runner can hand them over in memory.
 */
package dev.sluice.api.config;
