/**
 * End to end through the local runner: a client's request to the gateway until a webhook receives
 * the message, at a fixed rate, with the runner's CPU time and memory.
 */
package dev.sluice.bench.endtoend;
