package dev.orchestrate.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrate.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * {@code /health} asks the database once: Spring Boot's own check would ask every data source bean
 * in turn (the tenant pool, the routing source over the two pools, the migrations' one), and with
 * the database down each waits a connection timeout, so {@code /health} took 20 s to answer 503
 * (drill 3 found it; a load balancer's probe gives up before that).
 */
class HealthCheckIT extends ServiceTest {

  @Autowired ApplicationContext context;
  @Autowired HikariDataSource tenantPool;

  @Test
  void theDatabaseCheckAsksTheTenantPoolAlone() {
    HealthContributor db = context.getBean("dbHealthContributor", HealthContributor.class);
    assertThat(db).isInstanceOf(DataSourceHealthIndicator.class);
    assertThat(ReflectionTestUtils.getField(db, "dataSource")).isSameAs(tenantPool);
    assertThat(api.get("/health", null).status()).isEqualTo(200);
  }
}
