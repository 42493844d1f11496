/**
 * Account self-service over HTTP: the caller's own account, its one API key and its connected apps,
 * as small JSON endpoints an account page can call with an OAuth access token.
 *
 * <p>{@link dev.tollgate.account.servlet.AccountServlet} serves the endpoints behind a {@link
 * dev.tollgate.servlet.TollgateFilter}, which authenticates; the servlet authorizes (scope {@code
 * account:manage}, never an API key) and acts on {@code principal.accountId()} only. {@link
 * dev.tollgate.account.servlet.ConnectionRecordingFilter} records which OAuth clients use each
 * account; {@link dev.tollgate.account.servlet.AccountEndpoints} mounts it all in an application.
 */
@NullMarked
package dev.tollgate.account.servlet;

import org.jspecify.annotations.NullMarked;
