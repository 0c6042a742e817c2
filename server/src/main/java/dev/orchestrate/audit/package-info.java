/**
 * The tamper-evident audit log: a hash chain per workspace, written in the audited transaction and
 * linked right after its commit, each chained entry sealed with a key the database does not hold.
 */
package dev.orchestrate.audit;
