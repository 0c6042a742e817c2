package dev.orchestrate.vault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The master key versions this instance was given. The newest wraps new data keys; the older ones
 * still unwrap the data keys wrapped under them until a rewrap moves those on.
 */
final class MasterKeyRing {

  private static final Pattern SEPARATOR = Pattern.compile("[,\\r\\n]+");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

  private final NavigableMap<Integer, MasterKey> keys;

  private MasterKeyRing(NavigableMap<Integer, MasterKey> keys) {
    this.keys = Collections.unmodifiableNavigableMap(keys);
  }

  static MasterKeyRing empty() {
    return new MasterKeyRing(new TreeMap<>());
  }

  static MasterKeyRing of(MasterKey... keys) {
    var map = new TreeMap<Integer, MasterKey>();
    for (MasterKey key : keys) {
      map.put(key.version(), key);
    }
    return new MasterKeyRing(map);
  }

  /**
   * Reads entries {@code <version>:<base64 of 32 bytes>} separated by commas or newlines (blank
   * lines and lines starting with {@code #} are skipped); a lone bare base64 value is version 1.
   * Problems name the entry by its position and {@code source}, never by its content.
   *
   * @throws VaultStartupException when an entry is malformed or a version repeats
   */
  static MasterKeyRing parse(String text, String source) {
    List<String> entries = new ArrayList<>();
    for (String entry : SEPARATOR.split(text)) {
      String trimmed = entry.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        entries.add(trimmed);
      }
    }
    if (entries.isEmpty()) {
      throw new VaultStartupException(
          source + " holds no master key.",
          "Put `1:<base64 of 32 random bytes>` in it (for example the output of `openssl rand"
              + " -base64 32` after `1:`).");
    }
    var keys = new TreeMap<Integer, MasterKey>();
    for (int i = 0; i < entries.size(); i++) {
      MasterKey key = entry(entries.get(i), i + 1, entries.size(), source);
      if (keys.put(key.version(), key) != null) {
        throw new VaultStartupException(
            source + " gives master key version " + key.version() + " twice.",
            "Give each version once: `<version>:<key>`, separated by commas or newlines.");
      }
    }
    return new MasterKeyRing(keys);
  }

  private static MasterKey entry(String entry, int position, int count, String source) {
    int colon = entry.indexOf(':');
    String versionText = colon < 0 ? null : entry.substring(0, colon).strip();
    String keyText = colon < 0 ? entry : entry.substring(colon + 1).strip();
    String which =
        count == 1 ? "The master key in " + source : "Entry " + position + " of " + source;
    String action =
        "Write each master key version as `<version>:<base64 of 32 bytes>` (for example `1:` followed"
            + " by the output of `openssl rand -base64 32`).";
    if (versionText == null && count > 1) {
      throw new VaultStartupException(which + " has no version.", action);
    }
    if (versionText != null && !VERSION.matcher(versionText).matches()) {
      throw new VaultStartupException(which + " does not start with a version number.", action);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(keyText);
    } catch (IllegalArgumentException e) {
      throw new VaultStartupException(which + " is not base64.", action);
    }
    try {
      if (bytes.length != MasterKey.BYTES) {
        throw new VaultStartupException(
            which + " is " + bytes.length + " bytes long; a master key is 32 bytes.", action);
      }
      return new MasterKey(versionText == null ? 1 : Integer.parseInt(versionText), bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The version new data keys are wrapped under; empty when this instance has no key. */
  Optional<MasterKey> newest() {
    return keys.isEmpty() ? Optional.empty() : Optional.of(keys.lastEntry().getValue());
  }

  Optional<MasterKey> version(int version) {
    return Optional.ofNullable(keys.get(version));
  }

  List<MasterKey> all() {
    return List.copyOf(keys.values());
  }
}
