package dev.tollgate.example;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The development server's clients, of three kinds:
 *
 * <ul>
 *   <li><b>registered</b> through Dynamic Client Registration (RFC 7591), kept in memory: they may
 *       ask a person for the user scopes only, always with PKCE and a consent step;
 *   <li><b>metadata document clients</b>, whose client id is the URL of their Client ID Metadata
 *       Document ({@link DevClientMetadataDocuments}), under the same rules as registered ones;
 *   <li><b>page clients</b> ({@code account-page}): first-party public clients with one exact
 *       redirect URI and their own scopes, no consent step;
 *   <li><b>any other client id</b>, which exists on first use: it obtains client-credentials tokens
 *       with any secret, acting as the demo account of its name, and it may sign a person in from a
 *       loopback redirect URI (a "pre-registered" client, as local tools expect).
 * </ul>
 */
final class DevClients implements RegisteredClientRepository {
  /** Open registration on loopback still must not grow memory without bound. */
  static final int MAX_REGISTERED_CLIENTS = 1_000;

  /** A client id this long is no name anyone typed; refusing it keeps logs and maps small. */
  static final int MAX_CLIENT_ID_LENGTH = 200;

  /** The stored secret of clients that accept any secret; see {@link DevPasswordEncoder}. */
  static final String ANY_SECRET = DevPasswordEncoder.ANY_SECRET;

  /** Metadata documents are re-read after this long, so an edited one takes effect. */
  static final Duration DOCUMENT_LIFETIME = Duration.ofMinutes(5);

  /** At most this many documents are kept; more and the oldest are fetched again. */
  static final int MAX_DOCUMENTS = 200;

  private static final String OPEN_PREFIX = "open:";
  private static final String DOCUMENT_PREFIX = "cimd:";
  private static final String PAGE_PREFIX = "page:";

  /** A first-party public client. */
  record PageClient(String clientId, URI redirectUri, Set<String> scopes) {}

  /** The kind of a client, for the rules of the authorization request. */
  enum Kind {
    REGISTERED,
    PAGE,
    OPEN
  }

  private final DevAuthorizationOptions options;
  private final Map<String, RegisteredClient> registeredById = new ConcurrentHashMap<>();
  private final Map<String, RegisteredClient> registeredByClientId = new ConcurrentHashMap<>();
  private final DevClientMetadataDocuments documents = new DevClientMetadataDocuments();
  private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();

  private record Fetched(RegisteredClient client, Instant at) {}

  DevClients(DevAuthorizationOptions options) {
    this.options = options;
  }

  @Override
  public void save(RegisteredClient client) {
    if (client.getId().startsWith(OPEN_PREFIX) || client.getId().startsWith(PAGE_PREFIX)) {
      // Built here on every lookup; nothing to store.
      return;
    }
    if (registeredById.size() >= MAX_REGISTERED_CLIENTS
        && !registeredById.containsKey(client.getId())) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.INVALID_REQUEST,
              "too many registered clients; restart the server",
              null));
    }
    RegisteredClient normalized = normalize(client);
    registeredById.put(normalized.getId(), normalized);
    registeredByClientId.put(normalized.getClientId(), normalized);
  }

  @Override
  public @Nullable RegisteredClient findById(String id) {
    if (id.startsWith(OPEN_PREFIX)) {
      return findByClientId(id.substring(OPEN_PREFIX.length()));
    }
    if (id.startsWith(PAGE_PREFIX)) {
      return findByClientId(id.substring(PAGE_PREFIX.length()));
    }
    if (id.startsWith(DOCUMENT_PREFIX)) {
      return findByClientId(id.substring(DOCUMENT_PREFIX.length()));
    }
    return registeredById.get(id);
  }

  @Override
  public @Nullable RegisteredClient findByClientId(String clientId) {
    RegisteredClient registered = registeredByClientId.get(clientId);
    if (registered != null) {
      return registered;
    }
    PageClient page = options.pageClients().get(clientId);
    if (page != null) {
      return page(page);
    }
    if (DevClientMetadataDocuments.isDocumentUrl(clientId)) {
      return fromDocument(clientId);
    }
    if (clientId.isBlank()
        || clientId.length() > MAX_CLIENT_ID_LENGTH
        || !clientId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return null;
    }
    return open(clientId);
  }

  /** The kind of {@code client}. */
  Kind kindOf(RegisteredClient client) {
    if (client.getId().startsWith(PAGE_PREFIX)) {
      return Kind.PAGE;
    }
    return client.getId().startsWith(OPEN_PREFIX) ? Kind.OPEN : Kind.REGISTERED;
  }

  /** The scopes a person may grant {@code client} at the authorization endpoint. */
  Set<String> userScopesOf(RegisteredClient client) {
    if (kindOf(client) == Kind.PAGE) {
      // A page client's id is only ever one of options' page clients.
      return Objects.requireNonNull(
              options.pageClients().get(client.getClientId()), "page client == null")
          .scopes();
    }
    return options.userScopes();
  }

  private @Nullable RegisteredClient fromDocument(String url) {
    Fetched known = fetched.get(url);
    if (known != null && known.at().plus(DOCUMENT_LIFETIME).isAfter(Instant.now())) {
      return known.client();
    }
    DevClientMetadataDocuments.Document document = documents.fetch(url);
    if (document == null) {
      fetched.remove(url);
      return null;
    }
    RegisteredClient client =
        RegisteredClient.withId(DOCUMENT_PREFIX + url)
            .clientId(url)
            .clientName(document.clientName() != null ? document.clientName() : url)
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
            .redirectUris(uris -> uris.addAll(document.redirectUris()))
            .scopes(scopes -> scopes.addAll(options.userScopes()))
            .clientSettings(consentingClient())
            .tokenSettings(tokenSettings())
            .build();
    if (fetched.size() >= MAX_DOCUMENTS) {
      fetched.clear();
    }
    fetched.put(url, new Fetched(client, Instant.now()));
    return client;
  }

  private RegisteredClient normalize(RegisteredClient client) {
    boolean signsIn =
        client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.AUTHORIZATION_CODE);
    return RegisteredClient.from(client)
        .authorizationGrantTypes(
            grants -> {
              grants.retainAll(
                  Set.of(
                      AuthorizationGrantType.AUTHORIZATION_CODE,
                      AuthorizationGrantType.REFRESH_TOKEN,
                      AuthorizationGrantType.CLIENT_CREDENTIALS));
              if (signsIn) {
                grants.add(AuthorizationGrantType.REFRESH_TOKEN);
              }
            })
        .scopes(
            scopes -> {
              scopes.clear();
              scopes.addAll(options.userScopes());
            })
        .clientSettings(consentingClient())
        .tokenSettings(tokenSettings())
        .build();
  }

  private RegisteredClient open(String clientId) {
    return anySecret(RegisteredClient.withId(OPEN_PREFIX + clientId).clientId(clientId))
        .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
        // A placeholder: any loopback redirect URI is accepted (DevAuthorizationRequestValidator).
        .redirectUri("http://127.0.0.1/callback")
        .clientSettings(consentingClient())
        .build();
  }

  private RegisteredClient page(PageClient page) {
    return anySecret(
            RegisteredClient.withId(PAGE_PREFIX + page.clientId()).clientId(page.clientId()))
        .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri(page.redirectUri().toString())
        .clientSettings(
            ClientSettings.builder()
                .requireProofKey(true)
                .requireAuthorizationConsent(false)
                .build())
        .build();
  }

  /** Client credentials with any secret, for every scope issued (each grant narrows it). */
  private RegisteredClient.Builder anySecret(RegisteredClient.Builder builder) {
    return builder
        .clientSecret(ANY_SECRET)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .scopes(scopes -> scopes.addAll(options.scopes()))
        .tokenSettings(tokenSettings());
  }

  private static ClientSettings consentingClient() {
    return ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build();
  }

  private TokenSettings tokenSettings() {
    return TokenSettings.builder()
        .accessTokenTimeToLive(options.accessTokenLifetime())
        .refreshTokenTimeToLive(DevAuthorizationOptions.REFRESH_TOKEN_LIFETIME)
        .reuseRefreshTokens(false)
        .build();
  }
}
