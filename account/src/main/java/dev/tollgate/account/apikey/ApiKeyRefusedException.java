package dev.tollgate.account.apikey;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link ApiKeyService} refused a request for a reason the person can act on. The message is a
 * fixed phrase or the eligibility policy's description, fit to show; it never holds a key.
 */
public final class ApiKeyRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the request was refused; maps naturally to an HTTP status in an account API. */
  public enum Reason {
    /** The account already has a key: renew or revoke it instead (409). */
    ALREADY_EXISTS,
    /** The account has no key to renew (404). */
    NOT_FOUND,
    /** The account may not hold a key, e.g. a free plan without purchased credits (403). */
    NOT_ELIGIBLE
  }

  private final Reason reason;
  private final transient @Nullable URI upgradeUri;

  ApiKeyRefusedException(Reason reason, String message, @Nullable URI upgradeUri) {
    super(Objects.requireNonNull(message, "message == null"), null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.upgradeUri = upgradeUri;
  }

  public Reason reason() {
    return reason;
  }

  /** For {@link Reason#NOT_ELIGIBLE}: where the person can upgrade, if the policy said. */
  public @Nullable URI upgradeUri() {
    return upgradeUri;
  }
}
