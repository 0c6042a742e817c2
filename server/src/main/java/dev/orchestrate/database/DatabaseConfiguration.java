package dev.orchestrate.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Migrations run as the schema owner; the service runs as {@value DatabaseProperties#APP_ROLE},
 * which owns nothing, so row-level security and the audit log's insert-only grant apply to every
 * query it makes, from two pools: one for tenants, one for the service's own work.
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

  /** The tenant pool: requests (and anything without a tenant) get their connections here. */
  @Bean(destroyMethod = "close")
  HikariDataSource tenantPool(PostgresServer server, DatabaseProperties properties) {
    return pool("orchestrate", server, properties, properties.poolSize(), null);
  }

  /**
   * The service's data source: {@link TenantRoutingDataSource} over the tenant pool and a pool for
   * the service's own work (the engine, claims, sign-up), whose sessions are born with {@code
   * orchestrate.system = on}.
   */
  @Bean(destroyMethod = "close")
  @Primary
  TenantRoutingDataSource dataSource(
      HikariDataSource tenantPool, PostgresServer server, DatabaseProperties properties) {
    HikariDataSource systemPool =
        pool(SYSTEM_POOL, server, properties, properties.systemPoolSize(), SYSTEM_SESSION_SQL);
    // The engine's work waits its turn for a connection rather than fail: with 10,000 runs queued,
    // 200 runners and the claims kept all 20 busy with 100 waiting, and at the requests' 10 s
    // runners stopped and the full bench's parked-gates workload failed. Requests use the tenant
    // pool (TenantRoutingDataSource) and keep the short timeout.
    systemPool.setConnectionTimeout(
        Math.max(properties.connectionTimeout().toMillis(), SYSTEM_CONNECTION_TIMEOUT.toMillis()));
    return new TenantRoutingDataSource(tenantPool, systemPool);
  }

  /**
   * {@code /health}'s database check: the tenant pool alone, where requests get their connections.
   * Spring Boot's own would check every data source bean one after another (this pool, the routing
   * source over it, the migrations' one), so with the database down {@code /health} took two or
   * three connection timeouts to say so, longer than a load balancer's probe waits.
   */
  @Bean
  HealthContributor dbHealthContributor(HikariDataSource tenantPool) {
    return new DataSourceHealthIndicator(tenantPool);
  }

  @Bean
  PlatformTransactionManager transactionManager(TenantRoutingDataSource dataSource) {
    return new TenantAwareTransactionManager(dataSource);
  }

  /** The least the engine's work waits for a connection of the system pool (Hikari's default). */
  static final Duration SYSTEM_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  /** The system pool's name, also its sessions' {@code application_name}. */
  static final String SYSTEM_POOL = "orchestrate-system";

  /** What a system pool session runs when it is opened: from then on it acts for the service. */
  static final String SYSTEM_SESSION_SQL = "SET orchestrate.system = on";

  static HikariDataSource pool(
      String name,
      PostgresServer server,
      DatabaseProperties properties,
      int size,
      String sessionSql) {
    var pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(server.jdbcUrl());
    pool.setMaximumPoolSize(size);
    pool.setConnectionTimeout(properties.connectionTimeout().toMillis());
    boolean ownLogin = !properties.external() || hasText(properties.appPassword());
    String initSql = sessionSql;
    if (ownLogin) {
      pool.setUsername(DatabaseProperties.APP_ROLE);
      pool.setPassword(properties.appPassword());
    } else {
      pool.setUsername(server.ownerUser());
      pool.setPassword(server.ownerPassword());
      String setRole = "SET ROLE " + DatabaseProperties.APP_ROLE;
      initSql = sessionSql == null ? setRole : setRole + "; " + sessionSql;
    }
    if (initSql != null) {
      pool.setConnectionInitSql(initSql);
    }
    if (sessionSql != null) {
      pool.addDataSourceProperty("ApplicationName", name);
    }
    return pool;
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
