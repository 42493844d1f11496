package dev.tollgate.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real Keycloak server ({@code keycloak-quarkus-dist}, unpacked by the {@code keycloak} Maven
 * profile), started with {@code kc.sh start-dev} on loopback ports and configured only through its
 * admin REST API: realm {@value #REALM}, a client scope {@code mcp} whose audience mapper adds
 * {@link #AUDIENCE}, service-account clients (one with Keycloak's per-client RFC 9068 switch), a
 * public client for authorization-code logins, a confidential client for introspection, and a user.
 * Each client and user carries an {@code account} claim naming a demo account.
 */
final class KeycloakServer implements AutoCloseable {
  static final String REALM = "mcp";

  /** What the audience mapper puts in {@code aud}; the example is told to accept it. */
  static final String AUDIENCE = "https://mcp.example.test/mcp";

  /** Service-account client with Keycloak's default access tokens ({@code typ: JWT}). */
  static final String DEFAULT_CLIENT = DemoAccounts.PRO;

  /** Service-account client switched to RFC 9068 ({@code typ: at+jwt}). */
  static final String RFC9068_CLIENT = DemoAccounts.ENTERPRISE;

  /** Public client (PKCE) for the authorization-code login. */
  static final String LOGIN_CLIENT = "mcp-app";

  static final String REDIRECT_URI = "http://127.0.0.1/callback";
  static final String INTROSPECTION_CLIENT = "tollgate-introspector";
  static final String INTROSPECTION_SECRET = "introspector-secret";
  static final String CLIENT_SECRET = "dev-secret";
  static final String USER = DemoAccounts.PRO;
  static final String USER_PASSWORD = "demo-password-1";

  /** Keycloak starts in about 25 s on two idle cores; a busy CI machine gets ample room. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final String base;
  private final String adminPassword;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private KeycloakServer(Process process, String base, String adminPassword) {
    this.process = process;
    this.base = base;
    this.adminPassword = adminPassword;
  }

  /** Starts Keycloak from {@code home} (its data directory emptied first) and configures it. */
  static KeycloakServer start(Path home, Path log) throws Exception {
    Path data = home.resolve("data");
    if (Files.exists(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
    int port = freePort();
    int managementPort = freePort();
    String adminPassword = "admin-" + random();
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + managementPort)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    KeycloakServer server =
        new KeycloakServer(builder.start(), "http://127.0.0.1:" + port, adminPassword);
    try {
      server.awaitReady(log);
      server.configure();
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  String issuer() {
    return base + "/realms/" + REALM;
  }

  URI tokenEndpoint() {
    return URI.create(issuer() + "/protocol/openid-connect/token");
  }

  URI introspectionEndpoint() {
    return URI.create(issuer() + "/protocol/openid-connect/token/introspect");
  }

  /** A client-credentials access token of {@code clientId} (secret {@link #CLIENT_SECRET}). */
  String clientToken(String clientId) throws Exception {
    return json(send(
            form(
                tokenEndpoint(),
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    clientId,
                    "client_secret",
                    CLIENT_SECRET))))
        .get("access_token")
        .asText();
  }

  /** The tokens of one login: its access token and its refresh token. */
  record Login(String accessToken, String refreshToken) {}

  /**
   * An authorization-code login of {@link #USER} at {@link #LOGIN_CLIENT}, with PKCE (RFC 7636), as
   * a browser and the client would do it: the login form is fetched and posted with the session
   * cookies, the code taken from the redirect and exchanged at the token endpoint.
   */
  Login login() throws Exception {
    String verifier = random() + random();
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    // Cookies are carried by hand: Keycloak marks them Secure, which the JDK's cookie manager
    // then keeps from plain-HTTP loopback requests, though browsers treat loopback as secure.
    HttpClient browser =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .build();
    URI authorize =
        URI.create(
            issuer()
                + "/protocol/openid-connect/auth?"
                + encode(
                    Map.of(
                        "client_id",
                        LOGIN_CLIENT,
                        "response_type",
                        "code",
                        "redirect_uri",
                        REDIRECT_URI,
                        "scope",
                        "openid mcp",
                        "state",
                        "s-" + random(),
                        "code_challenge",
                        challenge,
                        "code_challenge_method",
                        "S256")));
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(authorize).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
    if (page.statusCode() != 200 || !action.find()) {
      throw new AssertionError("no login form: " + page.statusCode() + " " + page.body());
    }
    URI post = URI.create(action.group(1).replace("&amp;", "&"));
    String cookies =
        page.headers().allValues("Set-Cookie").stream()
            .map(cookie -> cookie.split(";", 2)[0])
            .collect(Collectors.joining("; "));
    HttpResponse<String> redirect =
        browser.send(
            HttpRequest.newBuilder(post)
                .timeout(TIMEOUT)
                .header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        encode(
                            Map.of(
                                "username", USER, "password", USER_PASSWORD, "credentialId", ""))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String location = redirect.headers().firstValue("Location").orElse("");
    Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    if (redirect.statusCode() != 302 || !location.startsWith(REDIRECT_URI) || !code.find()) {
      throw new AssertionError(
          "login did not redirect with a code: " + redirect.statusCode() + " " + location);
    }
    JsonNode tokens =
        json(
            send(
                form(
                    tokenEndpoint(),
                    Map.of(
                        "grant_type",
                        "authorization_code",
                        "client_id",
                        LOGIN_CLIENT,
                        "redirect_uri",
                        REDIRECT_URI,
                        "code",
                        java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                        "code_verifier",
                        verifier))));
    return new Login(tokens.get("access_token").asText(), tokens.get("refresh_token").asText());
  }

  /** A new access token of the same session, through the refresh token. */
  String refresh(Login login) throws Exception {
    return json(send(
            form(
                tokenEndpoint(),
                Map.of(
                    "grant_type",
                    "refresh_token",
                    "client_id",
                    LOGIN_CLIENT,
                    "refresh_token",
                    login.refreshToken()))))
        .get("access_token")
        .asText();
  }

  /** Ends every session of {@link #USER} (the admin console's "Sign out"). */
  void revokeUserSessions() throws Exception {
    String admin = adminToken();
    JsonNode users = json(send(admin(admin, "GET", "/users?exact=true&username=" + USER, null)));
    String id = users.get(0).get("id").asText();
    send(admin(admin, "POST", "/users/" + id + "/logout", null));
  }

  private void awaitReady(Path log) throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    URI probe = URI.create(base + "/realms/master/.well-known/openid-configuration");
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("Keycloak exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(probe).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Keycloak not ready within " + START_TIMEOUT + "; see " + log);
  }

  private void configure() throws Exception {
    String admin = adminToken();
    send(adminRoot(admin, "POST", "/admin/realms", Map.of("realm", REALM, "enabled", true)));
    String scopeId =
        created(
            send(
                admin(
                    admin,
                    "POST",
                    "/client-scopes",
                    Map.of(
                        "name",
                        "mcp",
                        "protocol",
                        "openid-connect",
                        "attributes",
                        Map.of(
                            "include.in.token.scope", "true", "display.on.consent.screen", "false"),
                        "protocolMappers",
                        List.of(
                            Map.of(
                                "name", "tollgate audience",
                                "protocol", "openid-connect",
                                "protocolMapper", "oidc-audience-mapper",
                                "config",
                                    Map.of(
                                        "included.custom.audience", AUDIENCE,
                                        "access.token.claim", "true",
                                        "id.token.claim", "false",
                                        "introspection.token.claim", "true")))))));
    // Every client created from here on gets the mcp scope by default.
    send(admin(admin, "PUT", "/default-default-client-scopes/" + scopeId, null));
    send(admin(admin, "POST", "/clients", serviceClient(DEFAULT_CLIENT, Map.of())));
    send(
        admin(
            admin,
            "POST",
            "/clients",
            serviceClient(RFC9068_CLIENT, Map.of("access.token.header.type.rfc9068", "true"))));
    send(
        admin(
            admin,
            "POST",
            "/clients",
            Map.of(
                "clientId",
                LOGIN_CLIENT,
                "publicClient",
                true,
                "standardFlowEnabled",
                true,
                "directAccessGrantsEnabled",
                false,
                "redirectUris",
                List.of(REDIRECT_URI),
                "attributes",
                Map.of("pkce.code.challenge.method", "S256"),
                "protocolMappers",
                List.of(
                    Map.of(
                        "name", "account",
                        "protocol", "openid-connect",
                        "protocolMapper", "oidc-usermodel-property-mapper",
                        "config",
                            Map.of(
                                "user.attribute", "username",
                                "claim.name", "account",
                                "jsonType.label", "String",
                                "access.token.claim", "true",
                                "id.token.claim", "false",
                                "introspection.token.claim", "true"))))));
    send(
        admin(
            admin,
            "POST",
            "/clients",
            Map.of(
                "clientId", INTROSPECTION_CLIENT,
                "publicClient", false,
                "secret", INTROSPECTION_SECRET,
                "standardFlowEnabled", false,
                "serviceAccountsEnabled", false)));
    send(
        admin(
            admin,
            "POST",
            "/users",
            Map.of(
                "username",
                USER,
                "enabled",
                true,
                "email",
                USER + "@example.test",
                "emailVerified",
                true,
                "firstName",
                "Demo",
                "lastName",
                "Pro",
                "credentials",
                List.of(Map.of("type", "password", "value", USER_PASSWORD, "temporary", false)))));
  }

  private static Map<String, Object> serviceClient(
      String clientId, Map<String, String> attributes) {
    return Map.of(
        "clientId",
        clientId,
        "publicClient",
        false,
        "secret",
        CLIENT_SECRET,
        "serviceAccountsEnabled",
        true,
        "standardFlowEnabled",
        false,
        "directAccessGrantsEnabled",
        false,
        "attributes",
        attributes,
        "protocolMappers",
        List.of(
            Map.of(
                "name", "account",
                "protocol", "openid-connect",
                "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config",
                    Map.of(
                        "claim.name", "account",
                        "claim.value", clientId,
                        "jsonType.label", "String",
                        "access.token.claim", "true",
                        "id.token.claim", "false",
                        "introspection.token.claim", "true"))));
  }

  private String adminToken() throws Exception {
    return json(send(
            form(
                URI.create(base + "/realms/master/protocol/openid-connect/token"),
                Map.of(
                    "grant_type",
                    "password",
                    "client_id",
                    "admin-cli",
                    "username",
                    "admin",
                    "password",
                    adminPassword))))
        .get("access_token")
        .asText();
  }

  private HttpRequest admin(String token, String method, String path, Object body)
      throws IOException {
    return adminRoot(token, method, "/admin/realms/" + REALM + path, body);
  }

  private HttpRequest adminRoot(String token, String method, String path, Object body)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return request
        .header("Content-Type", "application/json")
        .method(
            method,
            HttpRequest.BodyPublishers.ofByteArray(ExampleHttp.JSON.writeValueAsBytes(body)))
        .build();
  }

  private static HttpRequest form(URI uri, Map<String, String> form) {
    return HttpRequest.newBuilder(uri)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
        .build();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new AssertionError(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response;
  }

  private static String created(HttpResponse<String> response) {
    String location = response.headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return ExampleHttp.JSON.readTree(response.body());
  }

  private static String encode(Map<String, String> form) {
    return new LinkedHashMap<>(form)
        .entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String random() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Stops Keycloak: TERM (kc.sh forwards it to the JVM), then KILL after 30 seconds. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      children.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
