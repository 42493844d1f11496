package dev.tollgate.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.example.demo.DemoAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ApplicationParameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the shipped {@code target/tollgate-example.war}, whose filter is configured by its {@code
 * web.xml} alone, into embedded Tomcat; only the deployment-specific context parameters are
 * overridden, as a {@code context.xml} {@code <Parameter override="false">} would.
 */
class WarDeploymentTest {
  private static final Path WAR = Path.of("target", "tollgate-example.war");
  private static final ExampleHttp http = new ExampleHttp();

  @TempDir static Path baseDir;

  private static DevAuthorizationServer authorizationServer;
  private static Tomcat tomcat;
  private static URI resource;
  private static URI upgrade;

  @BeforeAll
  static void deploy() throws Exception {
    assertTrue(
        Files.isRegularFile(WAR), "build the WAR first (mvn verify): " + WAR.toAbsolutePath());
    try (ZipFile war = new ZipFile(WAR.toFile())) {
      assertTrue(
          war.stream()
              .anyMatch(
                  e ->
                      !e.isDirectory()
                          && e.getName().matches("WEB-INF/lib/tollgate-servlet-filter-.*\\.jar")),
          "the WAR lacks the packaged filter jar; build with mvn verify (a reactor build to the package phase)");
    }
    authorizationServer = DevAuthorizationServer.start(0, ExampleBackend.SCOPES);
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Files.createDirectories(baseDir.resolve("webapps"));
    Connector connector = new Connector();
    connector.setPort(0);
    tomcat.setConnector(connector);
    tomcat.init();
    resource = URI.create("http://localhost:" + connector.getLocalPort() + "/mcp");
    upgrade = URI.create("http://localhost:" + connector.getLocalPort() + "/upgrade.html");

    Context context = tomcat.addWebapp("", WAR.toAbsolutePath().toString());
    override(context, "resource", resource.toString());
    override(context, "issuer", authorizationServer.issuer().toString());
    override(context, "jwks-uri", authorizationServer.jwksUri().toString());
    override(context, "upgrade-uri", upgrade.toString());
    tomcat.start();
    assertEquals(LifecycleState.STARTED, context.getState(), "the WAR did not start");
  }

  private static void override(Context context, String name, String value) {
    ApplicationParameter parameter = new ApplicationParameter();
    parameter.setName(name);
    parameter.setValue(value);
    parameter.setOverride(false);
    context.addApplicationParameter(parameter);
  }

  @AfterAll
  static void undeploy() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (authorizationServer != null) {
      authorizationServer.close();
    }
  }

  @Test
  void postWhenNoCredentialThen401AndMetadataFromWebXml() throws Exception {
    HttpResponse<String> response = http.post(resource, null, ExampleHttp.INITIALIZE, null, null);

    assertEquals(401, response.statusCode());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.contains("scope=\"mcp\""), challenge);
    Matcher url = Pattern.compile("resource_metadata=\"([^\"]+)\"").matcher(challenge);
    assertTrue(url.find(), challenge);
    assertEquals(
        "http://localhost:" + resource.getPort() + "/.well-known/oauth-protected-resource/mcp",
        url.group(1));

    JsonNode metadata = ExampleHttp.JSON.readTree(http.get(URI.create(url.group(1))).body());
    assertEquals(resource.toString(), metadata.get("resource").asText());
    assertEquals(
        authorizationServer.issuer().toString(),
        metadata.get("authorization_servers").get(0).asText());
    assertEquals("Tollgate example MCP server (WAR)", metadata.get("resource_name").asText());
    Set<String> scopes = new java.util.HashSet<>();
    metadata.get("scopes_supported").forEach(scope -> scopes.add(scope.asText()));
    assertEquals(Set.of("mcp", "mcp:credits"), scopes);
  }

  @Test
  void callToolWhenTokenForResourceThenAllowed() throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(), DemoAccounts.PRO, resource.toString(), null);

    HttpResponse<String> response = http.callTool(resource, token, "whoami", Map.of());

    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = ExampleHttp.jsonRpc(response.body()).get("result");
    assertFalse(result.path("isError").asBoolean(), response.body());
    assertEquals("demo-pro", result.get("structuredContent").get("account").asText());
    assertEquals("ACCESS_TOKEN", result.get("structuredContent").get("credential").asText());
  }

  @Test
  void callToolWhenChargeCreditsWithMcpScopeOnlyThen403InsufficientScopeNamingCreditsScope()
      throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(), DemoAccounts.PRO, resource.toString(), "mcp");

    HttpResponse<String> response =
        http.callTool(resource, token, ExampleTools.CHARGE_CREDITS, Map.of("amount", 5));

    assertEquals(403, response.statusCode(), response.body());
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
    assertTrue(challenge.contains("scope=\"mcp mcp:credits\""), challenge);
  }

  @Test
  void callToolWhenChargeCreditsWithCreditsScopeThenCharged() throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(),
            DemoAccounts.PRO,
            resource.toString(),
            "mcp mcp:credits");

    HttpResponse<String> response =
        http.callTool(resource, token, ExampleTools.CHARGE_CREDITS, Map.of("amount", 5));

    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = ExampleHttp.jsonRpc(response.body()).get("result");
    assertFalse(result.path("isError").asBoolean(), response.body());
    assertTrue(result.get("structuredContent").get("accepted").asBoolean(), response.body());
  }

  @Test
  void callToolWhenEnterpriseReportByProfessionalPlanThen403EntitlementRequiredWithUpgradeLink()
      throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(), DemoAccounts.PRO, resource.toString(), null);

    HttpResponse<String> response =
        http.callTool(resource, token, ExampleTools.ENTERPRISE_REPORT, Map.of());

    assertEquals(403, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").isEmpty(), response.headers().toString());
    JsonNode body = ExampleHttp.JSON.readTree(response.body());
    assertEquals("entitlement_required", body.get("error").asText());
    assertEquals(upgrade.toString(), body.get("upgrade_uri").asText());
    assertEquals(200, http.get(upgrade).statusCode());
  }

  @Test
  void callToolWhenEnterpriseReportByEnterprisePlanThenAllowed() throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(),
            DemoAccounts.ENTERPRISE,
            resource.toString(),
            null);

    HttpResponse<String> response =
        http.callTool(resource, token, ExampleTools.ENTERPRISE_REPORT, Map.of());

    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = ExampleHttp.jsonRpc(response.body()).get("result");
    assertFalse(result.path("isError").asBoolean(), response.body());
    assertEquals("enterprise", result.get("structuredContent").get("plan").asText());
  }

  @Test
  void postWhenMalformedForTheSdkThenCleanJsonErrors() throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(), DemoAccounts.PRO, resource.toString(), null);
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest noAccept =
        HttpRequest.newBuilder(resource)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(ExampleHttp.INITIALIZE))
            .build();
    HttpRequest deleteWithoutSession =
        HttpRequest.newBuilder(resource)
            .header("Authorization", "Bearer " + token)
            .DELETE()
            .build();

    HttpResponse<String> accept = client.send(noAccept, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> delete =
        client.send(deleteWithoutSession, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown =
        http.post(
            resource,
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "no-such-session",
            null);

    assertEquals(400, accept.statusCode(), accept.body());
    CleanErrors.assertClean(accept.body());
    assertEquals(400, delete.statusCode(), delete.body());
    CleanErrors.assertClean(delete.body());
    assertEquals(404, unknown.statusCode(), unknown.body());
    CleanErrors.assertClean(unknown.body());
  }

  @Test
  void postWhenTokenForAnotherResourceThen401InvalidToken() throws Exception {
    String token =
        http.token(
            authorizationServer.tokenEndpoint(),
            DemoAccounts.PRO,
            "http://localhost:1/other",
            null);

    HttpResponse<String> response = http.post(resource, token, ExampleHttp.INITIALIZE, null, null);

    assertEquals(401, response.statusCode());
    assertTrue(
        response.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
  }
}
