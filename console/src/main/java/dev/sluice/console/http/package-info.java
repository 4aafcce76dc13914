/** HTTP plumbing shared by the console's handlers: JSON answers, errors and server-sent events. */
package dev.sluice.console.http;
