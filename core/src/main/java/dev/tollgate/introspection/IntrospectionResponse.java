package dev.tollgate.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.CredentialKind;
import dev.tollgate.Resolution;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.internal.JsonValues;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Turns an RFC 7662 §2.2 introspection response object into a {@link Resolution}. */
final class IntrospectionResponse {
  static final String DEPENDENCY = "introspection";

  // Members mapped onto the principal's own fields; everything else becomes an attribute.
  private static final Set<String> MAPPED =
      Set.of("active", "scope", "client_id", "iat", "auth_time", "exp", "jti", "sub");

  private final String audience;
  private final @Nullable String issuer;
  private final String accountIdClaim;

  IntrospectionResponse(String audience, @Nullable String issuer, String accountIdClaim) {
    this.audience = audience;
    this.issuer = issuer;
    this.accountIdClaim = accountIdClaim;
  }

  Resolution interpret(JsonNode response, Instant now) {
    JsonNode active = response.path("active");
    // RFC 7662 §2.2: "active" is a boolean; anything but a literal true is not active.
    if (!active.isBoolean() || !active.booleanValue()) {
      return Resolution.invalid("The access token is not active");
    }
    Instant expiresAt;
    Instant issuedAt;
    Instant authTime;
    Instant notBefore;
    try {
      expiresAt = JsonValues.numericDate(response.get("exp"));
      issuedAt = JsonValues.numericDate(response.get("iat"));
      // Not an RFC 7662 member, but servers that know it (Keycloak) return it as in their JWTs.
      authTime = JsonValues.numericDate(response.get("auth_time"));
      notBefore = JsonValues.numericDate(response.get("nbf"));
    } catch (IllegalArgumentException e) {
      // The server answered, but not in RFC 7662's format: its fault, not the token's.
      return Resolution.unavailable(DEPENDENCY);
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return Resolution.invalid("The access token has expired");
    }
    if (notBefore != null && now.isBefore(notBefore)) {
      return Resolution.invalid("The access token is not yet valid");
    }
    if (!audienceMatches(response.get("aud"))) {
      return Resolution.invalid("The access token is not meant for this resource");
    }
    if (issuer != null && !issuer.equals(response.path("iss").textValue())) {
      return Resolution.invalid("The access token has an unexpected issuer");
    }
    String accountId = nonEmptyText(response.get(accountIdClaim));
    if (accountId == null) {
      return Resolution.invalid("The access token names no account");
    }
    String subject = nonEmptyText(response.get("sub"));
    JsonNode scope = response.get("scope");
    if (scope != null && !scope.isNull() && !scope.isTextual()) {
      return Resolution.unavailable(DEPENDENCY);
    }

    Map<String, Object> attributes = new LinkedHashMap<>();
    response
        .properties()
        .forEach(
            field -> {
              if (!MAPPED.contains(field.getKey())) {
                Object value = JsonValues.toJava(field.getValue());
                if (value != null) {
                  attributes.put(field.getKey(), value);
                }
              }
            });
    return Resolution.resolved(
        TollgatePrincipal.builder(accountId)
            .subject(subject != null ? subject : accountId)
            .clientId(nonEmptyText(response.get("client_id")))
            .scopes(scopes(scope))
            .issuedAt(issuedAt)
            .authTime(authTime)
            .expiresAt(expiresAt)
            .tokenId(nonEmptyText(response.get("jti")))
            .kind(CredentialKind.ACCESS_TOKEN)
            .attributes(attributes)
            .build());
  }

  /** RFC 7662 §2.2 / RFC 7519 §4.1.3: {@code aud} is a string or an array of strings. */
  private boolean audienceMatches(@Nullable JsonNode aud) {
    if (aud == null) {
      return false;
    }
    if (aud.isTextual()) {
      return audience.equals(aud.textValue());
    }
    if (aud.isArray()) {
      for (JsonNode element : aud) {
        if (element.isTextual() && audience.equals(element.textValue())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Set<String> scopes(@Nullable JsonNode scope) {
    return scope != null && scope.isTextual()
        ? JsonValues.spaceDelimited(scope.textValue())
        : new LinkedHashSet<>();
  }

  private static @Nullable String nonEmptyText(@Nullable JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty()
        ? node.textValue()
        : null;
  }
}
