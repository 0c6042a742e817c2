package dev.orchestrate.vault;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Keys for other features, derived from the master key versions this instance holds, so they live
 * outside the database like the master key itself. Each is HMAC-SHA256(master key, purpose): a
 * separate key per purpose, and never the master key itself, so a MAC made for one use can neither
 * stand for another nor reveal anything about the key that wraps the vault's data keys.
 */
@Component
public class DerivedKeys {

  private final MasterKeys masterKeys;
  private final Map<String, DerivedKey> derived = new ConcurrentHashMap<>();

  DerivedKeys(MasterKeys masterKeys) {
    this.masterKeys = masterKeys;
  }

  /** The key for {@code purpose} under the newest master key version; empty without any. */
  public Optional<DerivedKey> newest(String purpose) {
    if (!masterKeys.available()) {
      return Optional.empty();
    }
    return Optional.of(derive(masterKeys.newest(), purpose));
  }

  /**
   * The key for {@code purpose} under master key {@code version}; empty if this instance lacks it.
   */
  public Optional<DerivedKey> version(int version, String purpose) {
    return masterKeys.all().stream()
        .filter(k -> k.version() == version)
        .findFirst()
        .map(k -> derive(k, purpose));
  }

  private DerivedKey derive(MasterKey master, String purpose) {
    return derived.computeIfAbsent(
        master.version() + ":" + purpose,
        name -> {
          byte[] raw = master.key().getEncoded();
          try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            byte[] bytes = mac.doFinal(purpose.getBytes(UTF_8));
            try {
              return new DerivedKey(master.version(), new SecretKeySpec(bytes, "HmacSHA256"));
            } finally {
              Arrays.fill(bytes, (byte) 0);
            }
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
          } finally {
            Arrays.fill(raw, (byte) 0);
          }
        });
  }

  /** A derived key, named by the master key version it comes from. */
  public static final class DerivedKey {

    private final int version;
    private final SecretKeySpec key;

    private DerivedKey(int version, SecretKeySpec key) {
      this.version = version;
      this.key = key;
    }

    public int version() {
      return version;
    }

    /** A new HMAC-SHA256 under this key: a Mac is not thread-safe, so each user takes its own. */
    public Mac mac() {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
      }
    }

    @Override
    public String toString() {
      return "DerivedKey[version=" + version + "]";
    }
  }
}
