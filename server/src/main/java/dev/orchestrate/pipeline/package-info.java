/**
 * Pipeline definitions and their immutable versions; the graph model and validator in {@code
 * graph}.
 */
package dev.orchestrate.pipeline;
