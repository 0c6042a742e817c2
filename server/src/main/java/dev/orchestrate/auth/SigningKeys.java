package dev.orchestrate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 key the service signs its tokens with: configured, or generated on first start and kept
 * beside the data (readable by the owner only).
 */
final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private SigningKeys() {}

  static ECKey load(AuthProperties properties) {
    try {
      if (properties.signingKey() != null && !properties.signingKey().isBlank()) {
        return requireSigningKey(ECKey.parse(properties.signingKey()));
      }
      Path file = properties.signingKeyFile();
      if (!Files.exists(file)) {
        generate(file);
      }
      return requireSigningKey(ECKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (ParseException e) {
      throw new IllegalStateException("The JWT signing key is not an EC P-256 JWK", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or create the JWT signing key", e);
    }
  }

  private static void generate(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ECKey key;
    try {
      key =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyID(UUID.randomUUID().toString())
              .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not generate a signing key", e);
    }
    Path temp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(),
            ".jwt-key",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, key.toJSONString(), StandardCharsets.UTF_8);
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

  private static ECKey requireSigningKey(ECKey key) {
    if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
      throw new IllegalStateException("The JWT signing key must be a private EC P-256 JWK");
    }
    return key;
  }
}
