/**
 * The {@code sluice} command line: {@code local} runs the whole pipeline in one process, {@code
 * validate} checks manifests for GitOps, {@code send}, {@code tail} and {@code sink} help try
 * things.
 */
package dev.sluice.cli;
