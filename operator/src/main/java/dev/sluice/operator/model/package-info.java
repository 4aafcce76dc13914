/**
 * Pure builders of the Kubernetes objects the operator wants to exist, from the compiler's output
 * and the operator's settings: no client, no I/O, so each is tested as a plain function (Strimzi's
 * model classes are the pattern).
 */
package dev.sluice.operator.model;
