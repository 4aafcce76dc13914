/**
 * In-process infrastructure shared by the local runner and the tests: a single-node Kafka broker
 * and a recording HTTP sink. Real servers on loopback, not mocks.
 */
package dev.sluice.embedded;
