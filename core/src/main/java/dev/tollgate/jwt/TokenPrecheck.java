package dev.tollgate.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks a compact JWS before its signature is looked at (RFC 7515 §7.1, RFC 8725 §3.1–3.11, RFC
 * 9068 §4).
 *
 * <p>Nimbus decodes leniently (padding, non-canonical base64url, UTF-8 with replacement
 * characters), so the strict decoding happens here, in {@link DecodedJws}, and everything after
 * reads that one decoding: what we check is exactly what is verified. Header parameters that would
 * make a verifier fetch or trust a key named by the token itself ({@code jku}, {@code x5u}, {@code
 * jwk}, {@code x5c}) are refused outright, as are critical extensions, since this resolver
 * understands none, and an unencoded payload ({@code b64} other than true, RFC 7797), whose signing
 * input is not the token's text. The {@code typ} is checked here and only here. The input is
 * already bounded by the {@code Authorization} header cap, so the work done here is bounded too.
 */
final class TokenPrecheck {
  private static final Set<String> KEY_REFERENCE_HEADERS = Set.of("jku", "x5u", "jwk", "x5c");

  private final Set<String> allowedAlgorithms;
  private final TokenTypes types;

  TokenPrecheck(Set<JWSAlgorithm> allowedAlgorithms) {
    this(allowedAlgorithms, TokenTypes.DEFAULT);
  }

  TokenPrecheck(Set<JWSAlgorithm> allowedAlgorithms, TokenTypes types) {
    this.allowedAlgorithms =
        allowedAlgorithms.stream()
            .map(JWSAlgorithm::getName)
            .collect(Collectors.toUnmodifiableSet());
    this.types = types;
  }

  /**
   * Returns why {@code token} (three dot-separated parts) must be refused, or null to go on: the
   * whole precheck of one token, as {@link JwtAccessTokenResolver} runs it on its {@link
   * DecodedJws}.
   */
  @Nullable RejectReason check(String token) {
    DecodedJws jws = DecodedJws.decode(token);
    if (jws == null) {
      return RejectReason.MALFORMED;
    }
    RejectReason headerReason = checkHeader(jws.header());
    if (headerReason != null) {
      return headerReason;
    }
    return jws.payload() == null ? RejectReason.MALFORMED : null;
  }

  /**
   * Whether {@code bytes} are strict UTF-8; ASCII, what nearly every token carries, without
   * decoding.
   */
  static boolean isStrictUtf8(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return decodeUtf8(bytes) != null;
      }
    }
    return true;
  }

  /** Returns why a token with this (decoded) header must be refused, or null to go on. */
  @Nullable RejectReason checkHeader(Map<String, Object> header) {
    if (!(header.get("alg") instanceof String alg)) {
      return RejectReason.MALFORMED;
    }
    if (alg.toLowerCase(Locale.ROOT).equals("none") || !allowedAlgorithms.contains(alg)) {
      return RejectReason.ALGORITHM_NOT_ACCEPTED;
    }
    for (String name : KEY_REFERENCE_HEADERS) {
      if (header.containsKey(name)) {
        return RejectReason.KEY_REFERENCE_REFUSED;
      }
    }
    if (header.containsKey("crit")) {
      return RejectReason.UNSUPPORTED_CRITICAL_HEADER;
    }
    if (header.containsKey("b64") && !Boolean.TRUE.equals(header.get("b64"))) {
      return RejectReason.MALFORMED;
    }
    if (header.containsKey("enc") || header.containsKey("zip")) {
      // JWE parameters in a three-part token: not a JWS we can make sense of.
      return RejectReason.MALFORMED;
    }
    if (!types.accepts(header.get("typ"))) {
      return RejectReason.WRONG_TYPE;
    }
    return null;
  }

  /**
   * Decodes unpadded base64url, refusing anything but its canonical form (no padding, no other
   * alphabet, no stray bits in the last character), so one token has exactly one encoding.
   */
  static byte @Nullable [] decodeBase64Url(String part) {
    if (!isCanonicalBase64Url(part)) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Whether {@code part} is the one canonical unpadded base64url spelling of some bytes: only the
   * alphabet, a length that is not 1 mod 4, and zero bits in the last character where they pad out
   * the final byte (RFC 4648 §3.5). Equivalent to decoding and re-encoding, without either.
   */
  static boolean isCanonicalBase64Url(String part) {
    return isCanonicalBase64Url(part, 0, part.length());
  }

  /**
   * As {@link #isCanonicalBase64Url(String)}, for the characters {@code [from, to)} of {@code
   * text}.
   */
  static boolean isCanonicalBase64Url(String text, int from, int to) {
    int length = to - from;
    if (length <= 0 || length % 4 == 1) {
      return false;
    }
    int last = 0;
    for (int i = from; i < to; i++) {
      last = base64UrlValue(text.charAt(i));
      if (last < 0) {
        return false;
      }
    }
    // 2 characters in the last group carry 12 bits for one byte, 3 carry 18 for two.
    int unusedBits =
        switch (length % 4) {
          case 2 -> 0x0F;
          case 3 -> 0x03;
          default -> 0;
        };
    return (last & unusedBits) == 0;
  }

  private static int base64UrlValue(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    return c == '_' ? 63 : -1;
  }

  /** Strict UTF-8 (malformed or unmappable input is an error, not a replacement character). */
  static @Nullable String decodeUtf8(byte[] bytes) {
    return decodeUtf8(bytes, bytes.length);
  }

  /**
   * As {@link #decodeUtf8(byte[])}, for the first {@code length} bytes; ASCII, what nearly every
   * token carries, is copied without a decoder.
   */
  static @Nullable String decodeUtf8(byte[] bytes, int length) {
    boolean ascii = true;
    for (int i = 0; i < length; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
