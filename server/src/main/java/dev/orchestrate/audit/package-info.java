/** The tamper-evident audit log: a hash chain per workspace, written in the audited transaction. */
package dev.orchestrate.audit;
