package dev.orchestrate.auth;

import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Password hashing, the clock and the token verifier. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  /**
   * Argon2id (OWASP's first choice) for new hashes; the {id} prefix keeps older hashes verifiable
   * and lets login re-hash them when the parameters change.
   */
  @Bean
  PasswordEncoder passwordEncoder() {
    var encoders =
        Map.<String, PasswordEncoder>of(
            "argon2",
            Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
            "bcrypt",
            new BCryptPasswordEncoder());
    return new DelegatingPasswordEncoder("argon2", encoders);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Every bearer token passes here: HTTP requests and WebSocket handshakes alike. */
  @Bean
  JwtDecoder jwtDecoder(TokenService tokens, ExternalJwtProperties external, Clock clock) {
    return new CachingJwtDecoder(new RoutingJwtDecoder(tokens, external, clock), clock);
  }
}
