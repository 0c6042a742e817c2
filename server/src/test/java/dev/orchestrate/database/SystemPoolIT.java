package dev.orchestrate.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrate.support.ServiceTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The service's own work runs on a pool whose sessions act for the service from the start, so its
 * transactions (one per engine step) spend no statement on saying so; tenants never get those
 * rights, even on a connection of that pool.
 */
class SystemPoolIT extends ServiceTest {

  @Autowired PostgresServer server;
  @Autowired DatabaseProperties properties;
  @Autowired Tenancy tenancy;

  /** Every SQL text a connection of the pools below was asked to prepare, in order. */
  private final List<String> prepared = new CopyOnWriteArrayList<>();

  private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(HikariDataSource::close);
  }

  @Test
  void aSystemTransactionSaysNothingAboutItsTenantAndSeesEveryWorkspace() {
    var alice = api.signUp();
    var bob = api.signUp();
    var routing = new TenantRoutingDataSource(recorded(tenantPool()), recorded(systemPool()));
    var tenancy = new Tenancy(new TenantAwareTransactionManager(routing));
    var jdbc = JdbcClient.create(routing);

    List<UUID> seen =
        tenancy.inSystemTransaction(
            "test",
            () ->
                jdbc.sql("SELECT id FROM workspaces WHERE ?").param(true).query(UUID.class).list());

    assertThat(seen).contains(alice.workspaceId(), bob.workspaceId());
    assertThat(prepared)
        .as("one statement: the work's own, none to say whom it acts for")
        .containsExactly("SELECT id FROM workspaces WHERE ?");
  }

  @Test
  void aTenantNeverActsForTheServiceEvenOnASystemPoolConnection() {
    var alice = api.signUp();
    api.signUp();
    // Both "pools" are the system pool: every transaction below runs on a session born acting for
    // the service.
    DataSource system = systemPool();
    var routing = new TenantRoutingDataSource(system, system);
    var tenancy = new Tenancy(new TenantAwareTransactionManager(routing));
    var jdbc = JdbcClient.create(routing);
    String workspaces = "SELECT id FROM workspaces";

    assertThat(
            Tenancy.runAs(
                new Tenant.System("test"),
                () -> jdbc.sql(workspaces).query(UUID.class).list().size()))
        .as("the pool's sessions do act for the service")
        .isGreaterThan(1);
    assertThat(
            tenancy.inUserTransaction(
                alice.userId(), () -> jdbc.sql(workspaces).query(UUID.class).list()))
        .containsExactly(alice.workspaceId());
    List<UUID> noTenantSees =
        new TransactionTemplate(new TenantAwareTransactionManager(routing))
            .execute(status -> jdbc.sql(workspaces).query(UUID.class).list());
    assertThat(noTenantSees).as("a transaction with no tenant").isEmpty();
    assertThat(
            tenancy.inSystemTransaction(
                "test", () -> jdbc.sql(workspaces).query(UUID.class).list().size()))
        .as("the session acts for the service again once the tenant's transaction ended")
        .isGreaterThan(1);
  }

  @Test
  void theServiceRoutesSystemWorkToTheSystemPoolAndRequestsToTheTenantPool() {
    var alice = api.signUp();
    String pool = "SELECT current_setting('application_name')";

    assertThat(
            tenancy.inSystemTransaction("test", () -> jdbc.sql(pool).query(String.class).single()))
        .isEqualTo(DatabaseConfiguration.SYSTEM_POOL);
    assertThat(
            tenancy.inUserTransaction(
                alice.userId(), () -> jdbc.sql(pool).query(String.class).single()))
        .isNotEqualTo(DatabaseConfiguration.SYSTEM_POOL);
    assertThat(jdbc.sql(pool).query(String.class).single())
        .isNotEqualTo(DatabaseConfiguration.SYSTEM_POOL);
    assertThat(jdbc.sql("SELECT count(*) FROM workspaces").query(Long.class).single())
        .as("a query outside any transaction and tenant")
        .isZero();
  }

  /**
   * Requests are refused 503 once their pool's timeout passes; the engine's work waits longer for
   * its own pool (the full bench's 10,000 parked runs kept all 20 system connections busy with 100
   * waiting, and at 10 s runners stopped and starts were refused).
   */
  @Test
  void theEnginesPoolWaitsLongerForAConnectionThanRequestsDo(
      @Autowired TenantRoutingDataSource routing, @Autowired HikariDataSource tenantPool) {
    var system = (HikariDataSource) ReflectionTestUtils.getField(routing, "systemPool");
    assertThat(tenantPool.getConnectionTimeout())
        .isEqualTo(properties.connectionTimeout().toMillis());
    assertThat(system.getConnectionTimeout())
        .isEqualTo(DatabaseConfiguration.SYSTEM_CONNECTION_TIMEOUT.toMillis())
        .isGreaterThan(tenantPool.getConnectionTimeout());
  }

  /**
   * System work a request does (the token check's user lookup) uses the requests' pool, so it
   * neither waits for the engine's connections nor inherits their longer timeout, and still acts
   * for the service.
   */
  @Test
  void systemWorkInsideARequestUsesTheTenantPool() {
    api.signUp();
    RequestContextHolder.setRequestAttributes(
        new ServletRequestAttributes(new MockHttpServletRequest()));
    try {
      assertThat(
              tenancy.inSystemTransaction(
                  "test",
                  () ->
                      jdbc.sql("SELECT current_setting('application_name')")
                          .query(String.class)
                          .single()))
          .isNotEqualTo(DatabaseConfiguration.SYSTEM_POOL);
      assertThat(
              tenancy.inSystemTransaction(
                  "test",
                  () -> jdbc.sql("SELECT count(*) FROM workspaces").query(Long.class).single()))
          .as("it still sees every workspace")
          .isPositive();
    } finally {
      RequestContextHolder.resetRequestAttributes();
    }
  }

  private DataSource tenantPool() {
    return track(DatabaseConfiguration.pool("test-tenant", server, properties, 2, null));
  }

  private DataSource systemPool() {
    return track(
        DatabaseConfiguration.pool(
            DatabaseConfiguration.SYSTEM_POOL,
            server,
            properties,
            2,
            DatabaseConfiguration.SYSTEM_SESSION_SQL));
  }

  private HikariDataSource track(HikariDataSource pool) {
    pools.add(pool);
    return pool;
  }

  /** {@code pool}, noting the SQL its connections prepare. */
  private DataSource recorded(DataSource pool) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(pool, method, args);
              return result instanceof Connection connection ? recorded(connection) : result;
            });
  }

  private Connection recorded(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("prepare") && args[0] instanceof String sql) {
                prepared.add(sql.strip());
              }
              return invoke(connection, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
