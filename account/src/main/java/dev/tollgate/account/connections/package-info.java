/**
 * Connected apps: the OAuth clients that have used each account, for the account page's "connected
 * apps" list and its "disconnect" button.
 *
 * <p>A {@link dev.tollgate.account.connections.ConnectionStore} keeps, per (account, client), the
 * first and last use and the union of the scopes seen; {@link
 * dev.tollgate.account.connections.ConnectionRecorder} feeds it from allowed requests, throttled
 * and never failing a request. Disconnecting an app keeps it out through the {@code
 * RevocationRegistry} ({@code disconnectClient}: refreshed tokens included, until the person
 * approves it again or reconnects it), removes it from the store, and asks a {@link
 * dev.tollgate.account.connections.GrantRevoker} to end its grant at the authorization server.
 *
 * <pre>{@code
 * JdbcConnectionStore store = JdbcConnectionStore.builder(dataSource).build();
 * store.createSchemaIfMissing();
 * ConnectionRecorder recorder = ConnectionRecorder.builder(store).build();
 * // after the gate allowed a request:
 * recorder.record(principal);          // API keys and client-less tokens are ignored
 * }</pre>
 */
@NullMarked
package dev.tollgate.account.connections;

import org.jspecify.annotations.NullMarked;
