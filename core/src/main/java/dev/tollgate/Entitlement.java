package dev.tollgate;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EntitlementPolicy}'s verdict.
 *
 * @param allowed whether the account may go on
 * @param description for a refusal: what is missing and where to fix it, written for a person
 * @param upgradeUri for a refusal: where the person can upgrade or buy credits, if known
 */
public record Entitlement(boolean allowed, @Nullable String description, @Nullable URI upgradeUri) {

  private static final Entitlement GRANTED = new Entitlement(true, null, null);

  public Entitlement {
    if (!allowed) {
      Objects.requireNonNull(description, "a refusal needs a description");
    }
  }

  public static Entitlement granted() {
    return GRANTED;
  }

  public static Entitlement refused(String description, @Nullable URI upgradeUri) {
    return new Entitlement(false, description, upgradeUri);
  }
}
