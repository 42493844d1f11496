package dev.tollgate.example;

import dev.tollgate.CredentialResolver;
import dev.tollgate.ScopePolicy;
import dev.tollgate.Tollgate;
import dev.tollgate.account.EntitlementPolicy;
import dev.tollgate.connections.ConnectionRecorder;
import dev.tollgate.servlet.CorsPolicy;
import dev.tollgate.servlet.TollgateSettings;
import dev.tollgate.servlet.account.AccountEndpoints;
import dev.tollgate.servlet.account.AccountServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Mounts account self-service while the context starts: the account page ({@link
 * AccountPageFilter}) at {@code /account/}, the library's account endpoints at {@code /account}
 * and below behind their own {@code TollgateFilter}, and connection recording after the MCP gate.
 *
 * <p>The account gate shares the MCP gate's credential router and revocation registry, so a
 * request there costs the same one resolution and a revoked client is refused on both. It
 * requires no scope and has no entitlement policy: a free account must still be able to see its
 * plan, and the endpoints check {@code account:manage} / {@code account:read} themselves, refusing
 * API keys whatever their scopes.
 */
final class AccountSelfService implements ServletContainerInitializer {
  /** Where the endpoints and the page live. */
  static final String PATH = "/account";

  private static final String PAGE_FILTER_NAME = "tollgate-account-page";

  private final Tollgate accountGate;
  private final AccountServlet servlet;
  private final AccountPageFilter page;
  private final CorsPolicy cors;
  private final ConnectionRecorder recorder;
  private final String mcpPath;

  private AccountSelfService(
      Tollgate accountGate,
      AccountServlet servlet,
      AccountPageFilter page,
      CorsPolicy cors,
      ConnectionRecorder recorder,
      String mcpPath) {
    this.accountGate = accountGate;
    this.servlet = servlet;
    this.page = page;
    this.cors = cors;
    this.recorder = recorder;
    this.mcpPath = mcpPath;
  }

  /**
   * The account side of the example for the MCP gate {@code mcpGate}, resolving credentials with
   * its {@code router} and acting on {@code backend}'s stores; the page signs in as {@code
   * clientId}.
   */
  static AccountSelfService create(
      TollgateSettings settings,
      CredentialResolver router,
      Tollgate mcpGate,
      ExampleBackend backend,
      String clientId) {
    Objects.requireNonNull(clientId, "clientId == null");
    URI resource = mcpGate.resource();
    Tollgate accountGate =
        settings
            .configure(Tollgate.builder(), router)
            .revocationCheck(backend.revocations)
            // TOLLGATE_SCOPES are the MCP requests' scopes; the account endpoints check their own.
            .scopePolicy(ScopePolicy.fixed(Set.of()))
            // Nor do TOLLGATE_TOOL_PLANS apply here: a free account must still see its plan.
            .entitlementPolicy(EntitlementPolicy.allowAll())
            .build();
    AccountServlet servlet =
        AccountServlet.builder()
            .apiKeys(backend.keyService)
            .connections(backend.connections)
            .revocations(backend.revocations)
            .accounts(backend.accountsWithBalances)
            .entitlement(backend.entitlement::checkAccount)
            .resourceMetadataUrl(mcpGate.resourceMetadataUrl())
            .build();
    String origin = ExampleConfig.origin(resource);
    CorsPolicy cors = CorsPolicy.builder().allowedOrigin(origin).build();
    Set<String> connect = new LinkedHashSet<>();
    connect.add(origin);
    for (URI server : settings.authorizationServers()) {
      connect.add(ExampleConfig.origin(server));
    }
    AccountPageFilter page =
        new AccountPageFilter(PATH, mcpGate.resourceMetadataUrl(), clientId, new ArrayList<>(connect));
    return new AccountSelfService(
        accountGate, servlet, page, cors, backend.connections, resource.getPath());
  }

  /** The page's URL for {@code resource}'s origin. */
  static URI pageUrl(URI resource) {
    return URI.create(ExampleConfig.origin(resource) + PATH + "/");
  }

  @Override
  public void onStartup(@Nullable Set<Class<?>> classes, ServletContext context) {
    // Mapped before the account gate (both "before" mappings, in this order): the page answers
    // only credential-less GETs of its own files, which the gate would have challenged.
    FilterRegistration.Dynamic pageFilter = context.addFilter(PAGE_FILTER_NAME, page);
    pageFilter.setAsyncSupported(true);
    pageFilter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, PATH + "/*");
    AccountEndpoints.mountAccount(context, PATH, accountGate, cors, servlet);
    AccountEndpoints.recordConnections(context, recorder, mcpPath);
  }
}
