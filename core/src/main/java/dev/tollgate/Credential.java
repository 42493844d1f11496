package dev.tollgate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Bearer credential exactly as the client sent it (RFC 6750 §2.1 {@code b64token}).
 *
 * <p>Its {@link #toString()} never shows the value, so a credential logged by accident leaks
 * nothing. Caches key on {@link #sha256Hex()}, never on the value.
 */
public final class Credential {
  private final String value;
  private volatile String sha256Hex;

  private Credential(String value) {
    this.value = value;
  }

  /** Wraps a credential value; the caller has already checked its syntax. */
  public static Credential of(String value) {
    Objects.requireNonNull(value, "value == null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("credential is empty");
    }
    return new Credential(value);
  }

  /** The secret value. Never log it, never put it in an exception message. */
  public String value() {
    return value;
  }

  /** Lowercase hex SHA-256 of the value: the only form of a credential fit to store or cache. */
  public String sha256Hex() {
    String hash = sha256Hex;
    if (hash == null) {
      hash = HexFormat.of().formatHex(sha256(value));
      sha256Hex = hash;
    }
    return hash;
  }

  /** Whether the value has the compact-serialization shape of a JWS: three dot-separated parts. */
  public boolean looksLikeJwt() {
    int first = value.indexOf('.');
    if (first <= 0) {
      return false;
    }
    int second = value.indexOf('.', first + 1);
    return second > first + 1 && second < value.length() - 1 && value.indexOf('.', second + 1) < 0;
  }

  /** Whether the value starts with {@code prefix} (API keys carry a fixed, recognisable prefix). */
  public boolean startsWith(String prefix) {
    return value.startsWith(prefix);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Credential that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return sha256Hex().hashCode();
  }

  @Override
  public String toString() {
    return "Credential[redacted]";
  }
}
