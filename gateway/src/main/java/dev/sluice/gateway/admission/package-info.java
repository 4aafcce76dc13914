/**
 * Admission before the body (issue 11, decision 0117): a message-carrying request is refused with
 * {@code 503 overloaded} at its headers, before anything is read or parsed, when the Kafka
 * in-flight bound is reached or its event loop already reads and parses as many requests as it
 * should; an admitted request is answered within the answer deadline whatever happens to it.
 */
package dev.sluice.gateway.admission;
