/**
 * Who is sending: the Source index built from the compiled configuration (write-key hashes to
 * Sources) and the rules for finding the write key in a request.
 */
package dev.sluice.gateway.auth;
