package dev.orchestrate.live;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.orchestrate.support.ServiceTest;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The service for live-progress tests: a short send time limit and small socket send buffers, so
 * that a client that stops reading is cut off within a test's patience and a few MB; heartbeats
 * every second, so that a client that went away is noticed as quickly; and a signing key a second
 * instance can share, so that one token works on both. The live tests share this one context.
 */
@TestPropertySource(
    properties = {"orchestrate.live.send-time-limit=1s", "orchestrate.live.ping-interval=1s"})
@Import(LiveServiceTest.SmallSendBuffers.class)
abstract class LiveServiceTest extends ServiceTest {

  /** An EC P-256 JWK with its private part, as {@code orchestrate.auth.signing-key} takes it. */
  static final String SIGNING_KEY = generateSigningKey();

  @DynamicPropertySource
  static void sharedSigningKey(DynamicPropertyRegistry registry) {
    registry.add("orchestrate.auth.signing-key", () -> SIGNING_KEY);
  }

  /**
   * A fixed 16 KB send buffer per connection: left to itself, Linux grows it to several MB on
   * loopback ({@code net.ipv4.tcp_wmem}), all of which a stalled client's test would have to fill.
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class SmallSendBuffers {
    @Bean
    TomcatConnectorCustomizer smallSendBuffers() {
      return connector -> connector.setProperty("socket.txBufSize", Integer.toString(16 << 10));
    }
  }

  private static String generateSigningKey() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyID(UUID.randomUUID().toString())
          .generate()
          .toJSONString();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
