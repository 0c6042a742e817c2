package dev.orchestrate.auth;

import com.nimbusds.jose.jwk.ECKey;
import dev.orchestrate.database.Tenancy;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The deployment's published public signing keys in PostgreSQL, shared by every instance. */
@Repository
class PublishedKeys {

  private final JdbcClient jdbc;
  private final Tenancy tenancy;

  PublishedKeys(JdbcClient jdbc, Tenancy tenancy) {
    this.jdbc = jdbc;
    this.tenancy = tenancy;
  }

  /** Publishes {@code key}'s public half (idempotent); answers when it was first published. */
  Instant publish(ECKey key) {
    return tenancy.inSystemTransaction(
        "publish signing key",
        () -> {
          jdbc.sql(
                  """
                  INSERT INTO auth_signing_keys (kid, public_jwk) VALUES (?, ?::jsonb)
                  ON CONFLICT (kid) DO NOTHING
                  """)
              .params(key.getKeyID(), key.toPublicJWK().toJSONString())
              .update();
          return jdbc.sql("SELECT created_at FROM auth_signing_keys WHERE kid = ?")
              .param(key.getKeyID())
              .query(Timestamp.class)
              .single()
              .toInstant();
        });
  }

  /**
   * Its instance signs no more with {@code kid}; it verifies until {@code verifyUntil}, when the
   * last token it signed has expired. Keys already past their end are marked retired.
   */
  void stopSigning(String kid, Instant now, Instant verifyUntil) {
    tenancy.inSystemTransaction(
        "rotate signing key",
        () -> {
          jdbc.sql(
                  """
                  UPDATE auth_signing_keys SET signs_until = ?, verify_until = ?
                  WHERE kid = ? AND signs_until IS NULL
                  """)
              .params(Timestamp.from(now), Timestamp.from(verifyUntil), kid)
              .update();
          return jdbc.sql(
                  """
                  UPDATE auth_signing_keys SET retired_at = ?
                  WHERE retired_at IS NULL AND verify_until < ?
                  """)
              .params(Timestamp.from(now), Timestamp.from(now))
              .update();
        });
  }

  /** The public key published as {@code kid}, while it may still verify tokens. */
  Optional<Published> find(String kid, Instant now) {
    return tenancy.inSystemTransaction(
        "look up signing key",
        () ->
            jdbc.sql(
                    """
                    SELECT public_jwk::text, verify_until FROM auth_signing_keys
                    WHERE kid = ? AND retired_at IS NULL AND (verify_until IS NULL OR verify_until > ?)
                    """)
                .params(kid, Timestamp.from(now))
                .query(
                    (rs, n) ->
                        new Published(
                            parse(rs.getString(1)),
                            Optional.ofNullable(rs.getTimestamp(2)).map(t -> t.toInstant())))
                .optional());
  }

  private static ECKey parse(String jwk) {
    try {
      return ECKey.parse(jwk);
    } catch (ParseException e) {
      throw new IllegalStateException("A published signing key is not an EC JWK", e);
    }
  }

  /** A published public key and, once its instance rotated away from it, the end of its use. */
  record Published(ECKey key, Optional<Instant> verifyUntil) {}
}
