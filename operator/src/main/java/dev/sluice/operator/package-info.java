/**
 * The Sluice operator: reconciles Sources, Destinations and Connections into the gateway and worker
 * Deployments, their configuration files, the Kafka topics and each resource's status.
 */
package dev.sluice.operator;
