/** The Sources view: each Source's write key ids, events per second, and rejections by code. */
package dev.sluice.console.sources;
