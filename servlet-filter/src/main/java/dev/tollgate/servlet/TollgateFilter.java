package dev.tollgate.servlet;

import dev.tollgate.Decision;
import dev.tollgate.TollgatePrincipal;
import dev.tollgate.config.CorsPolicy;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.McpAwareGate;
import dev.tollgate.gate.Tollgate;
import dev.tollgate.ratelimit.TrustedProxies;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta Servlet filter that puts a {@link Tollgate} in front of an MCP endpoint. It owns no
 * policy: it serves the RFC 9728 metadata document, refuses requests from origins its {@link
 * CorsPolicy} does not allow (403 {@code origin_not_allowed}), answers CORS preflights, and
 * translates the gate's {@link Decision} into a response or a pass down the chain.
 *
 * <p>Programmatic use: {@code new TollgateFilter(Tollgate.builder()...build())}. Declared in {@code
 * web.xml}, the no-arg constructor is used and the gate is built in {@link #init(FilterConfig)}
 * from init-params, context-params, {@code tollgate.*} system properties and {@code TOLLGATE_*}
 * environment variables (see {@link TollgateSettings}); a misconfiguration stops the application
 * from starting. A gate the filter built it closes in {@link #destroy()}; a gate given to it stays
 * its builder's to close.
 *
 * <p>Register it with {@code asyncSupported}: MCP streamable HTTP answers with Server-Sent Events.
 * After {@code chain.doFilter} the filter only arranges for the request's concurrency slot ({@link
 * Decision.Allow#permit()}) to be released: at once for a synchronous response, on completion,
 * error or timeout for an asynchronous one; async responses are otherwise untouched.
 *
 * <p>The metadata is served only when a request reaches the filter at a path of {@link
 * Tollgate#metadataPaths()}, so map the filter to {@code /.well-known/oauth-protected-resource/*}
 * as well. Those paths are server-absolute: an application deployed under a context path (resource
 * {@code https://host/app/mcp}) never receives {@code /.well-known/...}; serve the document from
 * the root application or the reverse proxy there.
 *
 * <p>When the gate's rules depend on the MCP method or tool ({@link Tollgate#needsMcpCall()}), a
 * POST's JSON-RPC body is read once, up to a limit, and replayed intact to the application; see
 * {@link TollgateSettings#MCP_BODY_LIMIT}. It is read only after the credential has been resolved
 * and found unrevoked, never for a request the gate refuses on its credential. Otherwise, and for
 * GET and DELETE, the body is never read.
 *
 * <p>Path scope rules are matched against the path the container routed ({@code getServletPath() +
 * getPathInfo()}, context-relative like the filter's own url-patterns); with path rules, a request
 * whose raw URI is not in normal form is refused with 400 (see {@link
 * dev.tollgate.ScopePolicy#dependsOnPath()}).
 *
 * <p>Allowed requests reach the application wrapped: {@code getUserPrincipal()} is the {@link
 * TollgatePrincipal}, {@code getRemoteUser()} its subject, {@code getAuthType()} {@code "Bearer"},
 * {@code isUserInRole(scope)} whether the scope was granted; {@link #principal(ServletRequest)}
 * reads it from any request object.
 */
public final class TollgateFilter implements Filter {
  /** The request attribute holding the allowed request's {@link TollgatePrincipal}. */
  public static final String PRINCIPAL_ATTRIBUTE = TollgatePrincipal.class.getName();

  private static final Logger log = LoggerFactory.getLogger(TollgateFilter.class);

  /**
   * Everything a request needs, built once: by the constructor, or by {@link #init} for a filter
   * declared in {@code web.xml}; {@code null} until then.
   */
  private volatile @Nullable Active active;

  /**
   * The filter's state.
   *
   * @param owned whether this filter built the gate (from configuration) and so closes it
   */
  private record Active(
      Tollgate gate,
      List<String> metadataPaths,
      ResponseWriter writer,
      ServletGate mcp,
      boolean owned) {
    static Active of(
        Tollgate gate, CorsPolicy cors, int mcpBodyLimit, TrustedProxies proxies, boolean owned) {
      return new Active(
          gate,
          gate.metadataPaths(),
          new ResponseWriter(cors.including(gate.resource())),
          new ServletGate(new McpAwareGate(gate, mcpBodyLimit), proxies),
          owned);
    }
  }

  /** For {@code web.xml}: the gate is built from configuration in {@link #init(FilterConfig)}. */
  public TollgateFilter() {}

  /** A filter for {@code tollgate}, allowing any origin (see {@link CorsPolicy#defaults()}). */
  public TollgateFilter(Tollgate tollgate) {
    this(tollgate, CorsPolicy.defaults());
  }

  /** A filter for {@code tollgate} answering cross-origin requests as {@code cors} says. */
  public TollgateFilter(Tollgate tollgate, CorsPolicy cors) {
    this(tollgate, cors, McpAwareGate.DEFAULT_BODY_LIMIT);
  }

  /**
   * A filter for {@code tollgate} that reads at most {@code mcpBodyLimit} bytes of a request body
   * when the gate's rules need the MCP method or tool ({@link Tollgate#needsMcpCall()}); a larger
   * body is refused with 413. See {@link TollgateSettings#MCP_BODY_LIMIT}.
   */
  public TollgateFilter(Tollgate tollgate, CorsPolicy cors, int mcpBodyLimit) {
    this(tollgate, cors, mcpBodyLimit, TrustedProxies.none());
  }

  /**
   * As {@link #TollgateFilter(Tollgate, CorsPolicy, int)}, taking the client address that {@code
   * proxies} report when the peer is one of them (for the failure rate limit and the audit log);
   * see {@link TollgateSettings#TRUSTED_PROXIES}.
   */
  public TollgateFilter(
      Tollgate tollgate, CorsPolicy cors, int mcpBodyLimit, TrustedProxies proxies) {
    Objects.requireNonNull(tollgate, "tollgate == null");
    Objects.requireNonNull(cors, "cors == null");
    Objects.requireNonNull(proxies, "proxies == null");
    this.active = Active.of(tollgate, cors, mcpBodyLimit, proxies, false);
  }

  /**
   * The principal of a request this filter allowed, from the request attribute {@link
   * #PRINCIPAL_ATTRIBUTE}; works on wrapped and unwrapped requests alike.
   */
  public static Optional<TollgatePrincipal> principal(ServletRequest request) {
    Object value =
        Objects.requireNonNull(request, "request == null").getAttribute(PRINCIPAL_ATTRIBUTE);
    return value instanceof TollgatePrincipal principal ? Optional.of(principal) : Optional.empty();
  }

  /**
   * Builds the gate from configuration unless one was given to the constructor. When the
   * application has no SLF4J provider, says once in the container's log that audit events are
   * discarded.
   *
   * @throws ServletException naming the setting at fault, so the application fails to start
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    AuditDestination.reportIfNowhere(LoggerFactory.getILoggerFactory(), config.getServletContext());
    if (active != null) {
      return;
    }
    try {
      TollgateSettings settings = TollgateSettings.load(ServletSettingSources.of(config));
      Tollgate built = settings.toTollgate();
      this.active =
          Active.of(
              built, settings.cors(), settings.mcpBodyLimit(), settings.trustedProxies(), true);
      log.info("Tollgate protecting {} (filter {})", built.resource(), config.getFilterName());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ServletException(
          "Tollgate filter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse out)) {
      throw new ServletException("TollgateFilter handles HTTP requests only");
    }
    Active state = active;
    if (state == null) {
      throw new ServletException("TollgateFilter was not initialised");
    }
    ResponseWriter writer = state.writer();
    if (http.getDispatcherType() != DispatcherType.REQUEST) {
      // A forward, include, async or error dispatch of a request this filter already allowed.
      Optional<TollgatePrincipal> allowed = principal(http);
      if (allowed.isPresent()) {
        chain.doFilter(new AuthenticatedRequest(http, out, allowed.get()), out);
        return;
      }
    }
    if (out.isCommitted()) {
      // Something before us already answered; writing now would corrupt that response, and
      // passing on would let an unchecked request reach the application. (A request this filter
      // allowed may be committed when dispatched again, as a streaming response is: passed above.)
      log.warn(
          "Response already committed before the Tollgate filter for {}; not passing on",
          http.getRequestURI());
      return;
    }
    if (state.metadataPaths().contains(http.getRequestURI())) {
      writer.metadata(http, out, state.gate().metadataJson());
      return;
    }
    if (!writer.originAllowed(http)) {
      // Before the preflight and before the credential: both answers agree, and a page on a
      // refused origin costs no resolver call.
      writer.originRefused(out);
      return;
    }
    if (isPreflight(http)) {
      writer.preflight(http, out);
      return;
    }
    ServletGate.Outcome outcome = state.mcp().decide(http);
    Decision decision = outcome.decision();
    if (decision instanceof Decision.Allow allow) {
      http.setAttribute(PRINCIPAL_ATTRIBUTE, allow.principal());
      writer.allowedCrossOrigin(http, out);
      writer.rateLimitFields(out, allow.rateLimit());
      PermitRelease.around(
          http,
          allow.permit(),
          () ->
              chain.doFilter(
                  new AuthenticatedRequest(outcome.request(), out, allow.principal()), out));
    } else if (decision instanceof Decision.Challenge challenge) {
      writer.challenge(http, out, challenge);
    } else if (decision instanceof Decision.Unavailable unavailable) {
      log.warn("Answering 503: {} is unavailable", unavailable.dependency());
      writer.unavailable(http, out, unavailable);
    } else if (decision instanceof Decision.RateLimited limited) {
      writer.rateLimited(http, out, limited);
    } else {
      // A decision this filter does not know must never let the request through.
      throw new ServletException("Unknown decision type " + decision.getClass().getName());
    }
  }

  /** An OPTIONS with {@code Origin} and {@code Access-Control-Request-Method}; nothing else is. */
  private static boolean isPreflight(HttpServletRequest request) {
    return "OPTIONS".equals(request.getMethod())
        && request.getHeader("Origin") != null
        && request.getHeader("Access-Control-Request-Method") != null;
  }

  /**
   * Closes the gate this filter built in {@link #init(FilterConfig)} from configuration (stopping,
   * for instance, its JWK sources' refresh threads); a gate handed to the constructor is left to
   * whoever built it, open.
   */
  @Override
  public void destroy() {
    Active state = active;
    if (state != null && state.owned()) {
      state.gate().close();
    }
  }
}
