/**
 * Durable pipeline executions: claiming with leases, LangGraph-style supersteps over the committed
 * step rows, node handlers, human gates, retries, cancellation and recovery.
 */
package dev.orchestrate.engine;
