/** A JUnit extension that gives integration tests the shared broker and recording sinks. */
package dev.sluice.embedded.junit;
