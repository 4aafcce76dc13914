/**
 * The live debugger: a server-sent-events stream of a Source's newest messages and its rejected
 * ones, filtered by type, event name and a CEL condition, read by one consumer per open stream.
 */
package dev.sluice.console.debugger;
