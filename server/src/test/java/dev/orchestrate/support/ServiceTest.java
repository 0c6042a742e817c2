package dev.orchestrate.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port over a real embedded PostgreSQL. Subclasses share one
 * application context, so the database starts once per test run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ServiceTest {

  @LocalServerPort protected int port;

  /** Runs as the service's own role, under row-level security, like the service does. */
  @Autowired protected JdbcClient jdbc;

  protected Api api;

  @BeforeEach
  void connect() {
    api = new Api(port);
  }
}
