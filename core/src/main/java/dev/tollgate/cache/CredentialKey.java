package dev.tollgate.cache;

import dev.tollgate.Credential;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A cache key: the credential's {@link Credential#sha256() SHA-256}, held as four longs.
 *
 * <p>48 bytes of heap instead of the 104 of a 64-character hex string, hashed and compared without
 * walking characters. The hash is the credential's own, so it is computed once per request however
 * many parts (cache, audit, key store) need it.
 */
final class CredentialKey {

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
    return new CredentialKey(credential.sha256());
  }

  /** Lowercase hex, as {@link Credential#sha256Hex()}. */
  String toHex() {
    return HexFormat.of()
        .formatHex(ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CredentialKey that
        && a == that.a
        && b == that.b
        && c == that.c
        && d == that.d;
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
