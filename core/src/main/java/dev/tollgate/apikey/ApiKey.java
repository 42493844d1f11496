package dev.tollgate.apikey;

import dev.tollgate.Credential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A well-formed API key, as {@link ApiKeyFormat#generate()} made it or {@link
 * ApiKeyFormat#parse(String)} accepted it: the prefix, body and checksum are valid, but whether the
 * key was ever issued is for the store to say.
 *
 * <p>{@link #toString()} never shows the value. What may be stored is {@link #sha256Hex()} and the
 * non-secret {@link #displayPrefix()}.
 */
public final class ApiKey {
  private final String value;
  private final String displayPrefix;

  ApiKey(String value, String displayPrefix) {
    this.value = value;
    this.displayPrefix = displayPrefix;
  }

  /** The secret key. Show it to its owner once; never log, store or cache it. */
  public String value() {
    return value;
  }

  /**
   * Lowercase hex SHA-256 of the whole key's UTF-8 bytes: what the store holds and looks up. Equal
   * to {@link Credential#sha256Hex()} of the same value.
   */
  public String sha256Hex() {
    return Credential.of(value).sha256Hex();
  }

  /** The first characters of the random body, to tell keys apart in the account UI. Not secret. */
  public String displayPrefix() {
    return displayPrefix;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKey that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.US_ASCII),
            that.value.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayPrefix);
  }

  @Override
  public String toString() {
    return "ApiKey[" + displayPrefix + "..., redacted]";
  }
}
