package dev.tollgate.account.servlet;

import dev.tollgate.account.apikey.ApiKeyEligibility;
import dev.tollgate.account.apikey.ApiKeyService;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.ConnectionStore;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.entitlement.AccountDirectory;
import dev.tollgate.metadata.WellKnown;
import dev.tollgate.revocation.RevocationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable settings of an {@link AccountServlet}, as {@link AccountServlet.Builder}
 * checked them.
 *
 * @param recorder the recorder feeding {@code connections}, which forgets a removed app; {@code
 *     null} when only the store was given
 * @param allowedClientIds the clients let in; empty: any client
 * @param grantRevoker revokes a disconnected app's grant at the authorization server; {@code null}:
 *     none configured, reported as {@code grant_revocation: "not_configured"}
 */
record AccountServletConfig(
    ApiKeyService apiKeys,
    ConnectionStore connections,
    @Nullable ConnectionRecorder recorder,
    RevocationRegistry revocations,
    AccountDirectory accounts,
    ApiKeyEligibility entitlement,
    URI resource,
    Set<String> allowedClientIds,
    @Nullable GrantRevoker grantRevoker,
    String manageScope,
    String readScope,
    Duration retryAfter) {

  AccountServletConfig {
    allowedClientIds = Set.copyOf(allowedClientIds);
  }

  /** Where the account resource's RFC 9728 document is, which every challenge points to. */
  URI resourceMetadataUrl() {
    return WellKnown.metadataUrl(resource);
  }
}
