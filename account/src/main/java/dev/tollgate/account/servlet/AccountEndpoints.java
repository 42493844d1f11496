package dev.tollgate.account.servlet;

import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.config.CorsPolicy;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.metadata.WellKnown;
import dev.tollgate.servlet.TollgateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Mounts the account endpoints and connection recording in a running application's {@link
 * ServletContext}, from a {@code ServletContainerInitializer} or a {@code ServletContextListener}
 * (the Servlet API allows adding filters and servlets only while the context starts).
 *
 * <pre>{@code
 * // The MCP gate as before. The account endpoints are a resource of their own: their gate
 * // accepts only tokens issued for it, shares the revocation registry, and authenticates only
 * // (no required scope, no entitlement policy), so a free account can still see its page.
 * URI accountResource = URI.create("https://app.example.com/account");
 * Tollgate accountGate = Tollgate.builder()
 *     .resource(accountResource).authorizationServer(issuer)
 *     .scopesSupported(List.of("account:manage", "account:read"))
 *     .resolver(JwtAccessTokenResolver.builder().issuer(issuer).audience(accountResource.toString())
 *         .jwksUri(jwks).build())
 *     .revocationCheck(revocations)
 *     .build();
 * AccountEndpoints.mountAccount(context, "/account", accountGate,
 *     CorsPolicy.builder().allowedOrigin("https://app.example.com").build(),
 *     AccountServlet.builder().resource(accountResource)...build());
 * AccountEndpoints.recordConnections(context, recorder, "/mcp");   // after the MCP TollgateFilter
 * }</pre>
 */
public final class AccountEndpoints {
  /** The name the account gate's filter is registered under. */
  public static final String ACCOUNT_FILTER_NAME = "tollgate-account";

  /** The name the account servlet is registered under. */
  public static final String ACCOUNT_SERVLET_NAME = "tollgate-account-endpoints";

  /** The name the connection-recording filter is registered under. */
  public static final String RECORDING_FILTER_NAME = "tollgate-connection-recording";

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private AccountEndpoints() {}

  /**
   * Serves the endpoints at {@code path} (e.g. {@code /account}) and below, behind a {@link
   * TollgateFilter} for {@code accountGate} that answers cross-origin requests as {@code cors}
   * says, and the account resource's RFC 9728 metadata at its path-suffixed well-known URL ({@code
   * /.well-known/oauth-protected-resource/account}). CORS is required on purpose: list the account
   * page's origins; no credentials mode is ever allowed, as Bearer tokens are not cookies.
   *
   * @throws IllegalArgumentException when {@code path} is not a plain absolute path, or {@code
   *     accountGate} does not protect the servlet's {@linkplain
   *     AccountServlet.Builder#resource(URI) resource} (the MCP gate must not stand in front of the
   *     account endpoints)
   * @throws IllegalStateException when the names are taken or the context has started
   */
  public static void mountAccount(
      ServletContext context,
      String path,
      Tollgate accountGate,
      CorsPolicy cors,
      AccountServlet servlet) {
    Objects.requireNonNull(context, "context == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(accountGate, "accountGate == null");
    Objects.requireNonNull(cors, "cors == null");
    Objects.requireNonNull(servlet, "servlet == null");
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "path must be a plain absolute path like /account, was '" + path + "'");
    }
    URI resource = servlet.config().resource();
    if (!accountGate.resource().equals(resource)) {
      throw new IllegalArgumentException(
          "accountGate protects "
              + accountGate.resource()
              + ", not the account resource "
              + resource
              + "; give the account endpoints a gate of their own");
    }
    String metadataPath = WellKnown.metadataPath(resource);
    FilterRegistration.Dynamic filter =
        context.addFilter(ACCOUNT_FILTER_NAME, new TollgateFilter(accountGate, cors));
    if (filter == null) {
      throw new IllegalStateException(
          "a filter named " + ACCOUNT_FILTER_NAME + " is already registered");
    }
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST), false, path, path + "/*", metadataPath);
    ServletRegistration.Dynamic registration = context.addServlet(ACCOUNT_SERVLET_NAME, servlet);
    if (registration == null) {
      throw new IllegalStateException(
          "a servlet named " + ACCOUNT_SERVLET_NAME + " is already registered");
    }
    // Mapped at the metadata path only so that a request there reaches the filter, which
    // answers it; the servlet itself never sees one.
    Set<String> taken = registration.addMapping(path + "/*", metadataPath);
    if (!taken.isEmpty()) {
      throw new IllegalStateException("already mapped to another servlet: " + taken);
    }
  }

  /**
   * Records connected apps on {@code patterns} (the MCP endpoint's URL patterns). Registered after
   * the filters already declared, so it runs after the MCP {@link TollgateFilter} there.
   */
  public static void recordConnections(
      ServletContext context, ConnectionRecorder recorder, String... patterns) {
    Objects.requireNonNull(context, "context == null");
    Objects.requireNonNull(recorder, "recorder == null");
    if (patterns.length == 0) {
      throw new IllegalArgumentException("patterns: at least one URL pattern is required");
    }
    FilterRegistration.Dynamic filter =
        context.addFilter(RECORDING_FILTER_NAME, new ConnectionRecordingFilter(recorder));
    if (filter == null) {
      throw new IllegalStateException(
          "a filter named " + RECORDING_FILTER_NAME + " is already registered");
    }
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, patterns);
  }
}
