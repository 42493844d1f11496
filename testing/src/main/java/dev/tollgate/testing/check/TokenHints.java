package dev.tollgate.testing.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * When a server refuses the token given with {@code --token}, which Tollgate setting to look at:
 * the refusal's {@code error_description} says what was wrong (type, audience, issuer), and the
 * token's own header and claims say what it carries. Only the JWS header {@code typ} and the claims
 * {@code iss} and {@code aud} are shown, never the token.
 */
final class TokenHints {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_SHOWN = 120;

  private TokenHints() {}

  /** The hint for a refusal described as {@code description}, or null when there is none. */
  static @Nullable String hint(@Nullable String description, String token) {
    if (description == null) {
      return null;
    }
    JsonNode header = part(token, 0);
    JsonNode claims = part(token, 1);
    // Short: the report shows about 160 characters of what it saw; the setting comes first.
    if (description.contains("type is not")) {
      JsonNode typ = header == null ? null : header.get("typ");
      return typ == null
          ? "set TOLLGATE_TOKEN_TYPES (token-types) to accept tokens without typ: \"at+jwt untyped\""
          : "set TOLLGATE_TOKEN_TYPES (token-types) to accept typ "
              + shown(typ.asText())
              + ", e.g. \"at+jwt "
              + shown(typ.asText())
              + "\"";
    }
    if (description.contains("not valid for this resource")) {
      List<String> audiences = audiences(claims);
      return audiences.isEmpty()
          ? "the token has no aud (Amazon Cognito: set TOLLGATE_AUDIENCE_SCOPE_PREFIX)"
          : "set TOLLGATE_AUDIENCE (audience) to its aud if that names this resource: " + audiences;
    }
    if (description.contains("untrusted issuer")) {
      JsonNode iss = claims == null ? null : claims.get("iss");
      return "add its iss to TOLLGATE_ISSUER (issuer): "
          + (iss == null ? "none" : shown(iss.asText()));
    }
    if (description.contains("ID token")) {
      return "an OpenID Connect ID token: send the access token instead";
    }
    return null;
  }

  private static List<String> audiences(@Nullable JsonNode claims) {
    List<String> audiences = new ArrayList<>();
    JsonNode aud = claims == null ? null : claims.get("aud");
    if (aud != null && aud.isTextual()) {
      audiences.add(shown(aud.asText()));
    } else if (aud != null && aud.isArray()) {
      for (JsonNode value : aud) {
        if (audiences.size() < 5) {
          audiences.add(shown(value.asText()));
        }
      }
    }
    return audiences;
  }

  private static @Nullable JsonNode part(String token, int index) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
      return node != null && node.isObject() ? node : null;
    } catch (IllegalArgumentException | IOException e) {
      return null;
    }
  }

  /** Printable ASCII only, bounded, so a hostile token cannot write to the terminal. */
  private static String shown(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < MAX_SHOWN; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
