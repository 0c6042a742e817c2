package dev.orchestrate.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's signing key and every key the deployment published. The instance signs with its
 * own key, publishes its public half in PostgreSQL before signing anything with it, and rotates it
 * when due; tokens verify against any published key that has not retired, looked up by {@code kid}
 * and cached, so a token from any instance is good on all of them.
 */
@Component
class KeyRing implements JWKSource<SecurityContext>, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

  /** How long a looked-up key (or its absence) is trusted before PostgreSQL is asked again. */
  static final Duration RECHECK = Duration.ofSeconds(60);

  /** Room for clocks that disagree a little: a key verifies this much past its last token. */
  static final Duration SKEW = Duration.ofSeconds(60);

  private static final int MAX_CACHED = 10_000;

  private final AuthProperties properties;
  private final PublishedKeys published;
  private final Clock clock;
  private final boolean rotates;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile Own own;
  private volatile boolean running;

  KeyRing(AuthProperties properties, PublishedKeys published, Clock clock) {
    this.properties = properties;
    this.published = published;
    this.clock = clock;
    Optional<ECKey> configured = SigningKeys.configured(properties);
    this.rotates = configured.isEmpty();
    this.own =
        new Own(
            configured.orElseGet(() -> SigningKeys.fromFile(properties.signingKeyFile())), null);
  }

  /** The key to sign with now: published before its first use, replaced when its time is up. */
  synchronized ECKey signingKey() {
    Instant now = clock.instant();
    Own current = own;
    if (current.signsUntil() == null) {
      current = publish(current.key());
    }
    if (rotates && !now.isBefore(current.signsUntil())) {
      ECKey next = SigningKeys.replace(properties.signingKeyFile());
      Own old = current;
      current = publish(next);
      published.stopSigning(old.key().getKeyID(), now, now.plus(properties.tokenTtl()).plus(SKEW));
      cache.remove(old.key().getKeyID());
      log.info("Signing tokens with key {} from now on", next.getKeyID());
    }
    return current.key();
  }

  private Own publish(ECKey key) {
    Instant publishedAt = published.publish(key);
    Own published =
        new Own(key, rotates ? publishedAt.plus(properties.keyRotation()) : Instant.MAX);
    own = published;
    return published;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    var kids = selector.getMatcher().getKeyIDs();
    if (kids == null || kids.size() != 1) {
      return List.of(); // a token must name its key
    }
    String kid = kids.iterator().next();
    Instant now = clock.instant();
    Own current = own;
    if (current.key().getKeyID().equals(kid)) {
      return selector.select(new JWKSet(current.key().toPublicJWK()));
    }
    Cached cached = cache.get(kid);
    if (cached == null || cached.checkedAt().plus(RECHECK).isBefore(now)) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear(); // unknown ids sent on purpose must not grow it without bound
      }
      cached = new Cached(published.find(kid, now), now);
      cache.put(kid, cached);
    }
    return cached
        .key()
        .filter(p -> p.verifyUntil().map(now::isBefore).orElse(true))
        .map(p -> selector.select(new JWKSet(p.key())))
        .orElse(List.of());
  }

  /** Publishes the key at start, so other instances know it before its first token. */
  @Override
  public void start() {
    signingKey();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The instance's key; {@code signsUntil} is null until it is published. */
  private record Own(ECKey key, Instant signsUntil) {}

  private record Cached(Optional<PublishedKeys.Published> key, Instant checkedAt) {}
}
