package dev.tollgate.jwt;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compact JWS (RFC 7515 §7.1) split at its two dots and decoded once, strictly: every part in
 * canonical base64url, header and payload strict UTF-8 JSON objects read by Nimbus' own parser (so
 * both agree on duplicate members and numbers). The header checks, the issuer routing, key
 * selection, the signature and the claim checks all read this one decoding; nothing is split,
 * decoded or parsed a second time, neither here nor in Nimbus.
 *
 * <p>The payload is decoded on first use, so a token refused for its header costs no payload parse.
 * An instance serves one resolution on one thread.
 */
final class DecodedJws {
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final String token;
  // The signing input's bytes: the header and payload are decoded from them, the signature
  // verified over them, without another copy.
  private final byte[] signingInput;
  private final int firstDot;
  private final int secondDot;
  private final Map<String, Object> header;
  private @Nullable Map<String, Object> payload;
  private boolean payloadDecoded;

  private DecodedJws(
      String token, byte[] signingInput, int firstDot, int secondDot, Map<String, Object> header) {
    this.token = token;
    this.signingInput = signingInput;
    this.firstDot = firstDot;
    this.secondDot = secondDot;
    this.header = header;
  }

  /**
   * Splits {@code token} and decodes its header; null unless it has exactly three parts, each
   * canonical base64url, and its header is a strict UTF-8 JSON object.
   */
  static @Nullable DecodedJws decode(String token) {
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      return null;
    }
    // The signature is only checked for its canonical form here: the verifier decodes it.
    if (!TokenPrecheck.isCanonicalBase64Url(token, 0, firstDot)
        || !TokenPrecheck.isCanonicalBase64Url(token, firstDot + 1, secondDot)
        || !TokenPrecheck.isCanonicalBase64Url(token, secondDot + 1, token.length())) {
      return null;
    }
    // Only base64url characters and dots are left, so the text is ASCII, one byte per character.
    byte[] signingInput = new byte[secondDot];
    for (int i = 0; i < secondDot; i++) {
      signingInput[i] = (byte) token.charAt(i);
    }
    Map<String, Object> header =
        parseJsonObject(signingInput, 0, firstDot, Header.MAX_HEADER_STRING_LENGTH);
    return header == null ? null : new DecodedJws(token, signingInput, firstDot, secondDot, header);
  }

  /** The header's members. */
  Map<String, Object> header() {
    return header;
  }

  /** The payload's members; null when the payload is not a strict UTF-8 JSON object. */
  @Nullable Map<String, Object> payload() {
    if (!payloadDecoded) {
      payload = parseJsonObject(signingInput, firstDot + 1, secondDot, -1);
      payloadDecoded = true;
    }
    return payload;
  }

  /**
   * The JWS signing input (RFC 7515 §5.2): the first two parts as they are, with their dot. The
   * array itself, not a copy: verifiers only read it.
   */
  byte[] signingInput() {
    return signingInput;
  }

  /** The signature part, decoded by the verifier. */
  Base64URL signature() {
    return new Base64URL(token.substring(secondDot + 1));
  }

  /**
   * The JSON object {@code ascii[from, to)} decodes to, or null; at most {@code maxChars}
   * characters when that is not negative (Nimbus' bound on headers).
   */
  private static @Nullable Map<String, Object> parseJsonObject(
      byte[] ascii, int from, int to, int maxChars) {
    ByteBuffer decoded;
    try {
      decoded = BASE64URL.decode(ByteBuffer.wrap(ascii, from, to - from));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String json = TokenPrecheck.decodeUtf8(decoded.array(), decoded.limit());
    if (json == null) {
      return null;
    }
    try {
      return maxChars < 0 ? JSONObjectUtils.parse(json) : JSONObjectUtils.parse(json, maxChars);
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }
}
