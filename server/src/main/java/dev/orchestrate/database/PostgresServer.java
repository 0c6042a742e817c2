package dev.orchestrate.database;

/**
 * A reachable PostgreSQL server: the embedded one this process started, or an external one.
 *
 * @param jdbcUrl the database's JDBC URL
 * @param ownerUser the role that owns the schema and runs migrations
 * @param ownerPassword its password, may be null (the embedded server trusts local connections)
 */
record PostgresServer(String jdbcUrl, String ownerUser, String ownerPassword) {}
