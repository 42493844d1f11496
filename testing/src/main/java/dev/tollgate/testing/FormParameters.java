package dev.tollgate.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code application/x-www-form-urlencoded} parameters (RFC 6749 Appendix B) and the client
 * authentication they or the {@code Authorization} header carry (RFC 6749 §2.3.1).
 */
final class FormParameters {
  private FormParameters() {}

  /** The parameters of a query string or form body; the first of repeated names wins. */
  static Map<String, String> parse(@Nullable String encoded) {
    Map<String, String> params = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&", -1)) {
      int eq = pair.indexOf('=');
      try {
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        // RFC 6749 §3.1: parameters must not repeat; keeping the first is enough for tests.
        params.putIfAbsent(name, value);
      } catch (IllegalArgumentException e) {
        // A broken %-escape: the parameter is dropped, and the request fails for lacking it.
      }
    }
    return params;
  }

  /** Client credentials from {@code client_secret_basic} or {@code client_secret_post}. */
  record ClientAuth(String clientId, @Nullable String secret) {
    static @Nullable ClientAuth of(@Nullable String authorization, Map<String, String> params) {
      if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        try {
          String decoded =
              new String(
                  Base64.getDecoder().decode(authorization.substring(6).trim()),
                  StandardCharsets.UTF_8);
          int colon = decoded.indexOf(':');
          if (colon <= 0) {
            return null;
          }
          // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
          return new ClientAuth(
              URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
              URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      String clientId = params.get("client_id");
      return clientId == null ? null : new ClientAuth(clientId, params.get("client_secret"));
    }
  }
}
