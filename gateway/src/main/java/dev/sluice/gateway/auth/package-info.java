/**
 * Who is sending: the route table built from the compiled configuration (write-key hashes to
 * Sources) and the rules for finding the write key in a request.
 */
package dev.sluice.gateway.auth;
