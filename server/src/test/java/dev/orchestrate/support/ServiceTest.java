package dev.orchestrate.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

  /** The loopback stand-ins for Anthropic and OpenAI, shared by every test of the run. */
  protected static final FakeProviders providers = FakeProviders.shared();

  @DynamicPropertySource
  static void providerEndpoints(DynamicPropertyRegistry registry) {
    registry.add("orchestrate.llm.anthropic.base-url", providers::anthropicBaseUrl);
    registry.add("orchestrate.llm.anthropic.api-key", () -> "test-anthropic-key");
    registry.add("orchestrate.llm.openai.base-url", providers::openAiBaseUrl);
    registry.add("orchestrate.llm.openai.api-key", () -> "test-openai-key");
  }

  @BeforeEach
  void connect() {
    api = new Api(port);
  }
}
