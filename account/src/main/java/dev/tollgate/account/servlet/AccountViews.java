package dev.tollgate.account.servlet;

import dev.tollgate.Entitlement;
import dev.tollgate.account.apikey.ApiKeyMetadata;
import dev.tollgate.account.apikey.IssuedApiKey;
import dev.tollgate.account.connections.ConnectedClient;
import dev.tollgate.entitlement.Account;
import dev.tollgate.revocation.Revocation;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the account endpoints, flat and snake_case like OAuth's own responses, with
 * instants as RFC 3339 UTC strings and absent values as {@code null} rather than missing, so a page
 * can read every field without guessing.
 */
final class AccountViews {
  /** {@code grant_revocation}: the authorization server confirmed the grant's revocation. */
  static final String GRANT_REVOKED = "revoked";

  /** {@code grant_revocation}: it was asked and did not confirm; the app is disconnected here. */
  static final String GRANT_FAILED = "failed";

  /** {@code grant_revocation}: no {@code GrantRevoker} is configured. */
  static final String GRANT_NOT_CONFIGURED = "not_configured";

  private AccountViews() {}

  /** {@code GET /account}: plan, credits, entitlement and the key's metadata; never the key. */
  static Map<String, Object> account(
      String accountId,
      Optional<Account> account,
      Entitlement entitlement,
      Optional<ApiKeyMetadata> key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("account_id", accountId);
    body.put("plan", account.map(a -> a.plan().name()).orElse(null));
    body.put("paid_plan", account.map(a -> a.plan().paid()).orElse(false));
    Map<String, Object> credits = new LinkedHashMap<>();
    credits.put("purchased", account.map(Account::purchasedCredits).orElse(0L));
    credits.put("monthly_allocation", account.map(Account::monthlyAllocation).orElse(0L));
    body.put("credits", credits);
    body.put("entitled", entitlement.allowed());
    body.put("entitlement_description", entitlement.allowed() ? null : entitlement.description());
    URI upgrade = entitlement.allowed() ? null : entitlement.upgradeUri();
    body.put("upgrade_uri", upgrade != null ? upgrade.toString() : null);
    body.put("api_key", key.map(AccountViews::keyMetadata).orElse(null));
    return body;
  }

  static Map<String, Object> keyMetadata(ApiKeyMetadata key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("display_prefix", key.displayPrefix());
    body.put("created_at", instant(key.createdAt()));
    body.put("last_used_at", instant(key.lastUsedAt()));
    return body;
  }

  /** A key just created or renewed: the one response that ever holds it. */
  static Map<String, Object> issuedKey(IssuedApiKey issued) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("api_key", issued.key());
    body.put("display_prefix", issued.displayPrefix());
    body.put("created_at", instant(issued.createdAt()));
    body.put("last_used_at", null);
    body.put(
        "notice",
        "This is the only time the key is shown; store it now. Send it as a Bearer token.");
    return body;
  }

  /**
   * {@code GET /account/connections}: the connected apps and, under {@code disconnected}, those
   * kept out until reconnected.
   */
  static Map<String, Object> connections(
      List<ConnectedClient> clients, List<Revocation> disconnected) {
    List<Map<String, Object>> list = new ArrayList<>(clients.size());
    for (ConnectedClient client : clients) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("client_id", client.clientId());
      item.put("first_used_at", instant(client.firstUsedAt()));
      item.put("last_used_at", instant(client.lastUsedAt()));
      item.put("scopes", List.copyOf(client.scopes()));
      list.add(item);
    }
    List<Map<String, Object>> out = new ArrayList<>(disconnected.size());
    for (Revocation revocation : disconnected) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("client_id", revocation.clientId());
      item.put("disconnected_at", instant(revocation.revokedAt()));
      out.add(item);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("connections", list);
    body.put("disconnected", out);
    return body;
  }

  /** {@code DELETE /account/connections/{clientId}}. */
  static Map<String, Object> disconnected(String clientId, Instant at, String grantRevocation) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", clientId);
    body.put("disconnected_at", instant(at));
    body.put("grant_revocation", grantRevocation);
    return body;
  }

  private static @Nullable String instant(@Nullable Instant instant) {
    return instant != null ? instant.toString() : null;
  }
}
