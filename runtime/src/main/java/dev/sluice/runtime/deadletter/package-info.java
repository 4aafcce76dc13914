/**
 * Reading a Destination's dead-letter topic and replaying its messages into that Destination only:
 * what {@code sluice replay} and the web console use (decision 0115).
 */
package dev.sluice.runtime.deadletter;
