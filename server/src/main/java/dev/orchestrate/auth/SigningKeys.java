package dev.orchestrate.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the ES256 key the instance signs its tokens with comes from: configured, or generated on
 * first start (and at each rotation) and kept beside the data, readable by the owner only.
 */
final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private SigningKeys() {}

  /** The configured key, if there is one: the operator owns it, and it is never rotated. */
  static Optional<ECKey> configured(AuthProperties properties) {
    if (properties.signingKey() == null || properties.signingKey().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(withKeyId(requireSigningKey(ECKey.parse(properties.signingKey()))));
    } catch (ParseException e) {
      throw new IllegalStateException("The JWT signing key is not an EC P-256 JWK", e);
    }
  }

  /** The instance's own key from {@code file}, generated there on first start. */
  static ECKey fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = write(file, generate());
        try {
          // A hard link appears atomically and never replaces a key another process created first.
          Files.createLink(file, temp);
          log.info("Generated a new token signing key in {}", file);
        } catch (FileAlreadyExistsException e) {
          log.debug("Another process created the signing key first");
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      return withKeyId(requireSigningKey(ECKey.parse(Files.readString(file, UTF_8))));
    } catch (ParseException e) {
      throw new IllegalStateException("The JWT signing key in " + file + " is not an EC JWK", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the JWT signing key", e);
    }
  }

  /** A new key that replaces the one in {@code file} (rotation). */
  static ECKey replace(Path file) {
    ECKey key = generate();
    try {
      Path temp = write(file, key);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the new JWT signing key", e);
    }
    log.info("Rotated the token signing key in {} (new key id {})", file, key.getKeyID());
    return key;
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyID(UUID.randomUUID().toString())
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not generate a signing key", e);
    }
  }

  private static Path write(Path file, ECKey key) throws IOException {
    Path temp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(),
            ".jwt-key",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, key.toJSONString(), UTF_8);
    return temp;
  }

  /** Tokens name their key by {@code kid}; a configured JWK without one gets its thumbprint. */
  private static ECKey withKeyId(ECKey key) {
    if (key.getKeyID() != null && !key.getKeyID().isBlank()) {
      return key;
    }
    try {
      return new ECKey.Builder(key).keyIDFromThumbprint().build();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not compute the signing key's thumbprint", e);
    }
  }

  private static ECKey requireSigningKey(ECKey key) {
    if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
      throw new IllegalStateException("The JWT signing key must be a private EC P-256 JWK");
    }
    return key;
  }
}
