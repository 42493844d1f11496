package dev.tollgate.cache;

import dev.tollgate.Credential;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A cache key: the SHA-256 of a credential, held as four longs.
 *
 * <p>It is the same hash as {@link Credential#sha256Hex()}, in 48 bytes of heap instead of the
 * 104 of a 64-character hex string, and hashed and compared without walking characters.
 */
final class CredentialKey {
  /**
   * One digest per thread: {@link MessageDigest#getInstance(String)} looks the provider up on every
   * call, and even a clone allocates some 440 bytes of state. {@code digest()} resets it for reuse.
   */
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(CredentialKey::sha256);

  private final long a;
  private final long b;
  private final long c;
  private final long d;

  private CredentialKey(byte[] digest) {
    ByteBuffer buffer = ByteBuffer.wrap(digest);
    this.a = buffer.getLong();
    this.b = buffer.getLong();
    this.c = buffer.getLong();
    this.d = buffer.getLong();
  }

  static CredentialKey of(Credential credential) {
    return new CredentialKey(DIGEST.get().digest(credential.value().getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Lowercase hex, as {@link Credential#sha256Hex()}. */
  String toHex() {
    return HexFormat.of().formatHex(ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CredentialKey that && a == that.a && b == that.b && c == that.c && d == that.d;
  }

  @Override
  public int hashCode() {
    // The bits of a cryptographic hash are already uniform.
    return (int) a;
  }

  @Override
  public String toString() {
    return "CredentialKey[" + toHex() + "]";
  }
}
