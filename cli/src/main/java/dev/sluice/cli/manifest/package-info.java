/**
 * Reading a folder of manifests and compiling it with the operator's compiler, with generated write
 * keys for Sources that name none and each diagnostic traced to its file.
 */
package dev.sluice.cli.manifest;
