package dev.tollgate.jwt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator, once per issuer and token type, that tokens of a trusted issuer are refused
 * for their {@code typ}, and which setting would accept them: that is the first thing a new
 * deployment meets with most authorization servers, and a per-request line would flood the log.
 *
 * <p>The warning comes before the signature is checked, so it speaks of a token <em>claiming</em>
 * the issuer. Only configured issuers are named, the type is reduced to a short run of safe
 * characters, and the number of remembered pairs is bounded, so forged tokens can add at most
 * {@link #MAX_WARNINGS} lines.
 */
final class TypeRefusalLog {
  private static final Logger log = LoggerFactory.getLogger(JwtAccessTokenResolver.class);
  static final int MAX_WARNINGS = 32;
  private static final int MAX_TYPE_LENGTH = 40;

  private final TokenTypes accepted;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  TypeRefusalLog(TokenTypes accepted) {
    this.accepted = accepted;
  }

  /**
   * Whether a refusal not yet logged could still be: once {@link #MAX_WARNINGS} are remembered none
   * is, so the caller need not parse the token to name its issuer.
   */
  boolean accepting() {
    return warned.size() < MAX_WARNINGS;
  }

  /** Logs the refusal of a token claiming {@code issuer} with {@code typ} unless already logged. */
  boolean refused(String issuer, @Nullable Object typ) {
    String type = typ == null ? JwtAccessTokenResolver.UNTYPED : safe(typ.toString());
    if (warned.size() >= MAX_WARNINGS || !warned.add(issuer + ' ' + type)) {
      return false;
    }
    log.warn(
        "Refused JWT access tokens claiming issuer {} with typ {}: accepted token types are \"{}\". "
            + "If this authorization server issues its access tokens so, add \"{}\" to the setting "
            + "token-types (TOLLGATE_TOKEN_TYPES). Logged once per issuer and type.",
        issuer,
        type,
        accepted,
        type);
    return true;
  }

  private static String safe(String type) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < type.length() && out.length() < MAX_TYPE_LENGTH; i++) {
      char c = type.charAt(i);
      out.append(c >= 0x21 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
    }
    return out.toString();
  }
}
