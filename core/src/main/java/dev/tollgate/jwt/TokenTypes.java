package dev.tollgate.jwt;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The accepted JWS {@code typ} header values (RFC 7515 §4.1.9, RFC 9068 §2.1): compared
 * case-insensitively, with the {@code application/} prefix optional, as RFC 7515 allows; the word
 * {@link JwtAccessTokenResolver#UNTYPED} accepts a token without {@code typ}.
 *
 * <p>The default is RFC 9068's {@code at+jwt} alone, which keeps ID tokens and other JWTs of the
 * same issuer from passing as access tokens. Widening it (most servers emit {@code JWT} or no
 * {@code typ}) is safe only with the checks that do not depend on it: the audience, and the ID
 * token markers of {@link AccessTokenClaimsVerifier}.
 */
final class TokenTypes {
  static final TokenTypes DEFAULT = of(Set.of("at+jwt"));

  private final Set<String> normalized;
  private final boolean untyped;
  private final String description;

  private TokenTypes(Set<String> normalized, boolean untyped, String description) {
    this.normalized = normalized;
    this.untyped = untyped;
    this.description = description;
  }

  /**
   * The types named in {@code values}.
   *
   * @throws IllegalStateException when empty, or a value is blank or not a media type name
   */
  static TokenTypes of(Collection<String> values) {
    if (values.isEmpty()) {
      throw new IllegalStateException("tokenTypes must name at least one type");
    }
    Set<String> types = new LinkedHashSet<>();
    boolean untyped = false;
    for (String value : values) {
      String type = value.strip();
      if (type.equalsIgnoreCase(JwtAccessTokenResolver.UNTYPED)) {
        untyped = true;
        continue;
      }
      if (!type.matches("[A-Za-z0-9!#$&^_.+-]+(/[A-Za-z0-9!#$&^_.+-]+)?")) {
        throw new IllegalStateException(
            "tokenTypes: \""
                + value
                + "\" is neither a media type nor "
                + JwtAccessTokenResolver.UNTYPED);
      }
      types.add(normalize(type));
    }
    return new TokenTypes(Set.copyOf(types), untyped, String.join(" ", values));
  }

  /** Whether a token whose header {@code typ} is {@code type} (null when absent) is accepted. */
  boolean accepts(@Nullable Object type) {
    if (type == null) {
      return untyped;
    }
    return type instanceof String text && normalized.contains(normalize(text));
  }

  private static String normalize(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
  }

  /** The setting as given, for messages to operators. */
  @Override
  public String toString() {
    return description;
  }
}
