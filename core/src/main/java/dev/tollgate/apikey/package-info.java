/**
 * API keys: one long-lived, revocable Bearer credential per account, shown once and stored only as
 * a SHA-256 hash.
 *
 * <p>{@link dev.tollgate.apikey.ApiKeyFormat} generates and parses keys offline; {@link
 * dev.tollgate.apikey.ApiKeyStore} holds their hashes; {@link dev.tollgate.apikey.ApiKeyResolver}
 * turns a key sent as {@code Authorization: Bearer <key>} into the owning account's principal.
 * Issuing, renewing, revoking and describing keys is the account module's {@code ApiKeyService}
 * ({@code tollgate-account}, package {@code dev.tollgate.account.apikey}).
 *
 * <pre>{@code
 * JdbcApiKeyStore store = JdbcApiKeyStore.builder(dataSource).build();
 * store.createSchemaIfMissing();
 * ApiKeyService keys = ApiKeyService.builder(store).eligibility(plans::apiKeyEligibility).build();
 * IssuedApiKey issued = keys.create(accountId);      // show issued.key() once
 *
 * Tollgate gate = Tollgate.builder()
 *     .resource(URI.create("https://mcp.example.com/mcp"))
 *     .resolver(ApiKeyResolver.builder(store).scopes(Set.of("mcp")).build())
 *     .resolver(jwtResolver)                          // keys and access tokens share the header
 *     .requiredScopes(Set.of("mcp"))
 *     .build();
 * }</pre>
 */
@NullMarked
package dev.tollgate.apikey;

import org.jspecify.annotations.NullMarked;
