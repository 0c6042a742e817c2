/**
 * PostgreSQL, the only store: the embedded server used by default, the two connection pools (the
 * schema owner for migrations, a non-owner role for the service) and the transaction manager that
 * sets the tenancy of every transaction.
 */
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.orchestrate.database;
