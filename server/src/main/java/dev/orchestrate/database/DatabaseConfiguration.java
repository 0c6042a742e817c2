package dev.orchestrate.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two pools on one database: migrations run as the schema owner; the service runs as {@value
 * DatabaseProperties#APP_ROLE}, which owns nothing, so row-level security and the audit log's
 * insert-only grant apply to every query it makes.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  @Bean(destroyMethod = "close")
  EmbeddedPostgresHolder embeddedPostgres(DatabaseProperties properties) {
    if (properties.external()) {
      return new EmbeddedPostgresHolder(null);
    }
    return new EmbeddedPostgresHolder(
        EmbeddedPostgresLauncher.start(
            properties.dataDir().resolve("postgres"), properties.embeddedPort()));
  }

  @Bean
  PostgresServer postgresServer(DatabaseProperties properties, EmbeddedPostgresHolder embedded) {
    if (properties.external()) {
      return new PostgresServer(properties.url(), properties.username(), properties.password());
    }
    EmbeddedPostgres postgres = embedded.postgres();
    return new PostgresServer(
        "jdbc:postgresql://localhost:%d/postgres".formatted(postgres.getPort()), "postgres", null);
  }

  @Bean
  @FlywayDataSource
  DataSource migrationDataSource(PostgresServer server) {
    var dataSource = new SimpleDriverDataSource();
    dataSource.setDriverClass(org.postgresql.Driver.class);
    dataSource.setUrl(server.jdbcUrl());
    dataSource.setUsername(server.ownerUser());
    dataSource.setPassword(server.ownerPassword());
    return dataSource;
  }

  @Bean(destroyMethod = "close")
  @Primary
  HikariDataSource dataSource(PostgresServer server, DatabaseProperties properties) {
    var pool = new HikariDataSource();
    pool.setPoolName("orchestrate");
    pool.setJdbcUrl(server.jdbcUrl());
    pool.setMaximumPoolSize(properties.poolSize());
    pool.setConnectionTimeout(properties.connectionTimeout().toMillis());
    boolean ownLogin = !properties.external() || hasText(properties.appPassword());
    if (ownLogin) {
      pool.setUsername(DatabaseProperties.APP_ROLE);
      pool.setPassword(properties.appPassword());
    } else {
      pool.setUsername(server.ownerUser());
      pool.setPassword(server.ownerPassword());
      pool.setConnectionInitSql("SET ROLE " + DatabaseProperties.APP_ROLE);
    }
    return pool;
  }

  @Bean
  PlatformTransactionManager transactionManager(DataSource dataSource) {
    return new TenantAwareTransactionManager(dataSource);
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }

  /** Holds the embedded server, if this process started one, so it stops with the context. */
  record EmbeddedPostgresHolder(EmbeddedPostgres postgres) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (postgres != null) {
        postgres.close();
      }
    }
  }
}
