/**
 * API keys: one long-lived, revocable Bearer credential per account, shown once and stored only as
 * a SHA-256 hash.
 *
 * <p>{@link dev.tollgate.apikey.ApiKeyFormat} generates and parses keys offline; {@link
 * dev.tollgate.apikey.ApiKeyService} issues, renews, revokes and describes them over an {@link
 * dev.tollgate.apikey.ApiKeyStore}; {@link dev.tollgate.apikey.ApiKeyResolver} turns a key sent as
 * {@code Authorization: Bearer <key>} into the owning account's principal.
 */
@NullMarked
package dev.tollgate.apikey;

import org.jspecify.annotations.NullMarked;
