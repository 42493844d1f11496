/**
 * Issuing API keys: {@link dev.tollgate.account.apikey.ApiKeyService} creates (shown once), renews
 * (the old key stops working at once), revokes and describes an account's one key over core's
 * {@link dev.tollgate.apikey.ApiKeyStore}, refusing accounts that are not eligible.
 *
 * <pre>{@code
 * ApiKeyService keys = ApiKeyService.builder(store).eligibility(plans::apiKeyEligibility).build();
 * IssuedApiKey issued = keys.create(accountId);      // show issued.key() once
 * }</pre>
 */
@NullMarked
package dev.tollgate.account.apikey;

import org.jspecify.annotations.NullMarked;
