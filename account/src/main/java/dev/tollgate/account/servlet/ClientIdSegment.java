package dev.tollgate.account.servlet;

import dev.tollgate.account.connections.ConnectedClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code {clientId}} path segment of {@code DELETE /account/connections/{clientId}}, read from
 * the raw request URI and percent-decoded here (RFC 3986 §2.1), strictly: a stray {@code %}, a
 * non-hex digit or invalid UTF-8 is junk, as is anything {@link ConnectedClient#isValidClientId}
 * would not store.
 */
final class ClientIdSegment {
  /** Three raw characters per decoded one at most, so a longer segment cannot be a valid id. */
  private static final int MAX_RAW_LENGTH = 3 * ConnectedClient.MAX_CLIENT_ID_LENGTH;

  private ClientIdSegment() {}

  /** The client id in {@code raw}, or empty when it is not one. */
  static Optional<String> decode(String raw) {
    if (raw.isEmpty() || raw.length() > MAX_RAW_LENGTH || raw.indexOf('/') >= 0) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return Optional.empty();
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c > 0x20 && c < 0x7F) {
        bytes.write(c);
      } else {
        return Optional.empty();
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    return ConnectedClient.isValidClientId(decoded) ? Optional.of(decoded) : Optional.empty();
  }
}
