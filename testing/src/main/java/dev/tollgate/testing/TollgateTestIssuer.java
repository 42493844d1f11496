package dev.tollgate.testing;

import dev.tollgate.gate.Tollgate;
import dev.tollgate.jwt.JwtAccessTokenResolver;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs a {@link LocalIssuer} around a test class (static field) or each
 * test (instance field), and hands out what a test of a Tollgate-protected application needs.
 *
 * <pre>{@code
 * @RegisterExtension
 * static TollgateTestIssuer issuer = TollgateTestIssuer.create();
 *
 * @Test
 * void decideWhenTokenValidThenAllowed() {
 *   Tollgate gate = issuer.tollgate().requiredScopes(Set.of("mcp")).build();
 *   String token = issuer.token().subject("demo-pro").scopes("mcp").sign();
 *   ...
 * }
 * }</pre>
 *
 * <p>With {@code @ExtendWith(TollgateTestIssuer.class)} instead, declare a parameter of type {@link
 * TollgateTestIssuer}, {@link LocalIssuer} or {@link TestApiKeys} in a test, constructor or
 * lifecycle method. API keys live in memory for as long as the issuer runs, granting {@link
 * #DEFAULT_API_KEY_SCOPES} unless {@link #withApiKeyScopes(Set)} says otherwise.
 */
public final class TollgateTestIssuer
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  /** The scope API keys are granted by default: the usual single MCP scope. */
  public static final Set<String> DEFAULT_API_KEY_SCOPES = Set.of("mcp");

  private final URI resource;
  private Set<String> apiKeyScopes = DEFAULT_API_KEY_SCOPES;
  private @Nullable LocalIssuer issuer;
  private @Nullable TestApiKeys apiKeys;
  private boolean perTest;

  /** For {@code @ExtendWith}: tokens name {@link LocalIssuer#DEFAULT_RESOURCE}. */
  public TollgateTestIssuer() {
    this(LocalIssuer.DEFAULT_RESOURCE);
  }

  private TollgateTestIssuer(URI resource) {
    this.resource = Objects.requireNonNull(resource, "resource == null");
  }

  /** An extension whose tokens name {@link LocalIssuer#DEFAULT_RESOURCE} by default. */
  public static TollgateTestIssuer create() {
    return new TollgateTestIssuer();
  }

  /** An extension whose tokens name {@code resource} by default. */
  public static TollgateTestIssuer create(URI resource) {
    return new TollgateTestIssuer(resource);
  }

  /** The scopes {@link #apiKeys()} grants; set before the issuer starts. */
  public TollgateTestIssuer withApiKeyScopes(Set<String> scopes) {
    if (issuer != null) {
      throw new IllegalStateException("apiKeyScopes must be set before the issuer starts");
    }
    this.apiKeyScopes = Set.copyOf(scopes);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (issuer == null) {
      perTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private synchronized void start() {
    if (issuer == null) {
      issuer = LocalIssuer.start(resource);
      apiKeys = TestApiKeys.inMemory(apiKeyScopes);
    }
  }

  private synchronized void stop() {
    LocalIssuer running = issuer;
    issuer = null;
    apiKeys = null;
    if (running != null) {
      running.close();
    }
  }

  /** The running issuer. */
  public synchronized LocalIssuer issuer() {
    LocalIssuer running = issuer;
    if (running == null) {
      throw new IllegalStateException(
          "the issuer is not running: register TollgateTestIssuer with @RegisterExtension or @ExtendWith");
    }
    return running;
  }

  /** The resource tokens name by default. */
  public URI resource() {
    return resource;
  }

  /** A valid token for {@link #resource()}; see {@link AccessTokenBuilder} for breaking it. */
  public AccessTokenBuilder token() {
    return issuer().token();
  }

  /** A resolver for the issuer's tokens naming {@link #resource()}. */
  public JwtAccessTokenResolver jwtResolver() {
    return issuer().jwtResolver(resource);
  }

  /** {@link LocalIssuer#tollgate(URI)} for {@link #resource()}. */
  public Tollgate.Builder tollgate() {
    return issuer().tollgate(resource);
  }

  /** {@link LocalIssuer#tollgate(URI)}. */
  public Tollgate.Builder tollgate(URI resource) {
    return issuer().tollgate(resource);
  }

  /** The in-memory API keys of this issuer's lifetime. */
  public synchronized TestApiKeys apiKeys() {
    issuer();
    return Objects.requireNonNull(apiKeys);
  }

  /** Creates {@code accountId}'s API key in {@link #apiKeys()} and returns the plaintext. */
  public String createKey(String accountId) {
    return apiKeys().createKey(accountId);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TollgateTestIssuer.class
        || type == LocalIssuer.class
        || type == TestApiKeys.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (issuer == null) {
      // A constructor parameter of a per-method lifecycle is resolved before beforeEach.
      start();
    }
    if (type == TollgateTestIssuer.class) {
      return this;
    }
    if (type == LocalIssuer.class) {
      return issuer();
    }
    if (type == TestApiKeys.class) {
      return apiKeys();
    }
    throw new ParameterResolutionException("unsupported parameter type " + type);
  }
}
