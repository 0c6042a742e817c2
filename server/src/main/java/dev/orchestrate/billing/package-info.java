/** Credits: the exact, append-only ledger, balances and reservations, and pricing. */
package dev.orchestrate.billing;
