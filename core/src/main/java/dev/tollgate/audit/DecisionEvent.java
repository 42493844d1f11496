package dev.tollgate.audit;

import dev.tollgate.Credential;
import dev.tollgate.CredentialKind;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One decision of the gate, as audit logs and metrics see it. It never holds the credential: only a
 * {@linkplain #fingerprint(Credential) fingerprint} that lets an operator match log lines for one
 * credential without being able to use it.
 *
 * @param outcome what the gate answered
 * @param reason why, as a short code: {@code ok}; a challenge's error code ({@code
 *     missing_credential}, {@code invalid_request}, {@code invalid_token}, {@code
 *     insufficient_scope}, {@code entitlement_required}) or {@code revoked}; for {@link
 *     Outcome#UNAVAILABLE} the failing dependency's name; {@code too_many_failures} when rate
 *     limited
 * @param method the request's HTTP method, made printable (see {@link #printable(String)})
 * @param path the request's path, made printable
 * @param remoteAddress the client address the adapter reported, made printable; {@code null} when
 *     unknown
 * @param accountId the account, once the credential resolved, made printable
 * @param clientId the OAuth client, once the credential resolved (never for an API key), made
 *     printable
 * @param credentialKind the kind of credential, once it resolved
 * @param credentialFingerprint the credential's fingerprint, when the request carried one that
 *     could be read
 */
public record DecisionEvent(
    Outcome outcome,
    String reason,
    String method,
    String path,
    @Nullable String remoteAddress,
    @Nullable String accountId,
    @Nullable String clientId,
    @Nullable CredentialKind credentialKind,
    @Nullable String credentialFingerprint) {

  /**
   * Request data is cut to this many characters in an event: enough for any real MCP path, short
   * enough that a hostile request cannot fill the logs.
   */
  public static final int MAX_FIELD_LENGTH = 200;

  /**
   * Hex digits of the SHA-256 kept in a fingerprint: 48 bits tell a deployment's credentials apart
   * in logs while far too few to test a guess against offline with any certainty of a unique hit.
   */
  public static final int FINGERPRINT_LENGTH = 12;

  public DecisionEvent {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(reason, "reason == null");
    method = printable(Objects.requireNonNull(method, "method == null"));
    path = printable(Objects.requireNonNull(path, "path == null"));
    remoteAddress = remoteAddress == null ? null : printable(remoteAddress);
    // Claims are signed, but an issuer is not a log sanitizer.
    accountId = accountId == null ? null : printable(accountId);
    clientId = clientId == null ? null : printable(clientId);
  }

  /** The first {@value #FINGERPRINT_LENGTH} hex digits of the credential's SHA-256. */
  public static String fingerprint(Credential credential) {
    return credential.sha256Hex().substring(0, FINGERPRINT_LENGTH);
  }

  /**
   * {@code value} with every character outside printable ASCII replaced by {@code ?} and cut to
   * {@value #MAX_FIELD_LENGTH} characters, so a request cannot forge log lines (CR/LF), hide text
   * (bidi controls) or flood the log.
   */
  static String printable(String value) {
    int length = Math.min(value.length(), MAX_FIELD_LENGTH);
    StringBuilder text = null;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        if (text == null) {
          text = new StringBuilder(length).append(value, 0, i);
        }
        text.append('?');
      } else if (text != null) {
        text.append(c);
      }
    }
    if (text != null) {
      return text.toString();
    }
    return length == value.length() ? value : value.substring(0, length);
  }

  /** What the gate answered. */
  public enum Outcome {
    /** The request went through. */
    ALLOW,
    /** 400, 401 or 403. */
    CHALLENGE,
    /** 503: a dependency is down. */
    UNAVAILABLE,
    /** 429: too many failed attempts from the client's address. */
    RATE_LIMITED;

    /** The lowercase name used in logs and metric tags, e.g. {@code rate_limited}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
