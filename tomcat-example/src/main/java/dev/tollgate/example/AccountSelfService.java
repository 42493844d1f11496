package dev.tollgate.example;

import dev.tollgate.CredentialRouter;
import dev.tollgate.account.connections.ConnectionRecorder;
import dev.tollgate.account.connections.GrantRevoker;
import dev.tollgate.account.servlet.AccountEndpoints;
import dev.tollgate.account.servlet.AccountServlet;
import dev.tollgate.config.CorsPolicy;
import dev.tollgate.config.TollgateSettings;
import dev.tollgate.gate.Tollgate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Mounts account self-service while the context starts: the account page ({@link
 * AccountPageFilter}) at {@code /account/}, the library's account endpoints at {@code /account} and
 * below behind their own {@code TollgateFilter}, and connection recording after the MCP gate.
 *
 * <p>The account endpoints are a protected resource of their own ({@code <origin>/account} unless
 * {@code TOLLGATE_ACCOUNT_RESOURCE} says otherwise), with their own RFC 9728 document at {@code
 * /.well-known/oauth-protected-resource/account} advertising only the account scopes. Their gate
 * resolves credentials with a router of its own, whose JWT and introspection resolvers accept only
 * tokens issued for the account resource, so an MCP client's token is refused there whatever its
 * scopes; it shares the MCP gate's revocation registry, so a disconnected client is refused on
 * both. It requires no scope and has no entitlement policy: a free account must still be able to
 * see its plan, and the endpoints check {@code account:manage} / {@code account:read} themselves,
 * refusing API keys whatever their scopes and tokens of any client but the account page's.
 */
final class AccountSelfService implements ServletContainerInitializer {
  /** Where the endpoints and the page live. */
  static final String PATH = "/account";

  private static final String PAGE_FILTER_NAME = "tollgate-account-page";

  private final URI resource;
  private final Tollgate accountGate;
  private final AccountServlet servlet;
  private final AccountPageFilter page;
  private final CorsPolicy cors;
  private final ConnectionRecorder recorder;
  private final String mcpPath;

  private AccountSelfService(
      URI resource,
      Tollgate accountGate,
      AccountServlet servlet,
      AccountPageFilter page,
      CorsPolicy cors,
      ConnectionRecorder recorder,
      String mcpPath) {
    this.resource = resource;
    this.accountGate = accountGate;
    this.servlet = servlet;
    this.page = page;
    this.cors = cors;
    this.recorder = recorder;
    this.mcpPath = mcpPath;
  }

  /**
   * The settings that make the MCP gate's settings describe the account resource instead: its
   * identifier, the audience its tokens carry, the scopes it advertises. They come before the
   * {@code TOLLGATE_*} environment, so {@code TOLLGATE_AUDIENCE} and {@code
   * TOLLGATE_SCOPES_SUPPORTED}, meant for the MCP resource, do not leak into it.
   */
  static Map<String, String> settingsFor(URI accountResource) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(TollgateSettings.RESOURCE, accountResource.toString());
    settings.put(TollgateSettings.AUDIENCE, accountResource.toString());
    settings.put(
        TollgateSettings.SCOPES_SUPPORTED,
        String.join(" ", ExampleBackend.ACCOUNT_SCOPES.stream().sorted().toList()));
    settings.put(TollgateSettings.RESOURCE_NAME, "Tollgate example account");
    return settings;
  }

  /**
   * The account side of the example next to the MCP gate {@code mcpGate}: a gate for the account
   * resource {@code accountSettings} describe (see {@link #settingsFor(URI)}), acting on {@code
   * backend}'s stores; the page signs in as {@code clientId}, the only client let in; {@code
   * grants} ends an app's grant at the authorization server on disconnection ({@code null}: none).
   */
  static AccountSelfService create(
      TollgateSettings accountSettings,
      Tollgate mcpGate,
      ExampleBackend backend,
      String clientId,
      @Nullable GrantRevoker grants) {
    Objects.requireNonNull(clientId, "clientId == null");
    URI resource = accountSettings.resource();
    CredentialRouter router =
        accountSettings.credentialRouter(ExampleBackend.apiKeyPrefix(), backend.apiKeyResolver());
    Tollgate.Builder gate =
        Tollgate.builder()
            .resource(resource)
            .scopesSupported(accountSettings.scopesSupported())
            .resolver(router)
            .revocationCheck(backend.revocations)
            // No scope policy or entitlement: TOLLGATE_SCOPES and TOLLGATE_TOOL_PLANS are the MCP
            // requests' rules; the account endpoints check their own scopes, and a free account
            // must still see its plan.
            .maxHeaderLength(accountSettings.maxHeaderLength())
            .metadata(metadata -> metadata.resourceName(accountSettings.resourceName()));
    accountSettings.authorizationServers().forEach(gate::authorizationServer);
    if (accountSettings.retryAfter() != null) {
      gate.retryAfter(accountSettings.retryAfter());
    }
    Tollgate accountGate = gate.build();
    AccountServlet.Builder servletBuilder =
        AccountServlet.builder()
            .resource(resource)
            .allowedClientIds(Set.of(clientId))
            .apiKeys(backend.keyService)
            .connections(backend.connections)
            .revocations(backend.revocations)
            .accounts(backend.accountsWithBalances)
            .entitlement(backend.entitlement::checkAccount);
    if (grants != null) {
      servletBuilder.grantRevoker(grants);
    }
    AccountServlet servlet = servletBuilder.build();
    String origin = ExampleConfig.origin(resource);
    CorsPolicy cors = CorsPolicy.builder().allowedOrigin(origin).build();
    Set<String> connect = new LinkedHashSet<>();
    connect.add(origin);
    for (URI server : accountSettings.authorizationServers()) {
      connect.add(ExampleConfig.origin(server));
    }
    AccountPageFilter page =
        new AccountPageFilter(
            PATH, accountGate.resourceMetadataUrl(), clientId, new ArrayList<>(connect));
    return new AccountSelfService(
        resource,
        accountGate,
        servlet,
        page,
        cors,
        backend.connections,
        mcpGate.resource().getPath());
  }

  /** The account endpoints' resource identifier. */
  URI resource() {
    return resource;
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
