package dev.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import dev.tollgate.RequestView;
import dev.tollgate.gate.Tollgate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The issuer's token and authorization endpoints, driven over HTTP as a client would. */
class IssuerEndpointsTest {
  private static final URI RESOURCE = URI.create("https://mcp.example.test/mcp");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final String VERIFIER =
      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-extra-entropy";

  @RegisterExtension static TollgateTestIssuer issuer = TollgateTestIssuer.create(RESOURCE);

  private static Decision decide(String token) {
    Tollgate gate = issuer.tollgate().requiredScopes(Set.of("mcp")).build();
    return gate.decide(
        RequestView.of("POST", "/mcp", Map.of("Authorization", List.of("Bearer " + token)), null));
  }

  private static HttpResponse<String> post(URI uri, String form, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void tokenWhenClientCredentialsThenTokenForRequestedResourceAndScope() throws Exception {
    issuer.issuer().registerClient("svc", "svc-secret");

    HttpResponse<String> response =
        post(
            issuer.issuer().tokenEndpoint(),
            "grant_type=client_credentials&scope=mcp&resource=" + encode(RESOURCE.toString()),
            "Authorization",
            basic("svc", "svc-secret"));

    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("Bearer", body.get("token_type").asText());
    Decision.Allow allow =
        assertInstanceOf(Decision.Allow.class, decide(body.get("access_token").asText()));
    assertEquals("svc", allow.principal().clientId());
  }

  @Test
  void tokenWhenResourceIsAnotherThenTokenRefusedHere() throws Exception {
    issuer.issuer().registerClient("svc2", "svc2-secret");

    HttpResponse<String> response =
        post(
            issuer.issuer().tokenEndpoint(),
            "grant_type=client_credentials&scope=mcp&client_id=svc2&client_secret=svc2-secret&resource="
                + encode("https://other.example.test/mcp"));

    assertEquals(200, response.statusCode(), response.body());
    Decision.Challenge challenge =
        assertInstanceOf(
            Decision.Challenge.class,
            decide(JSON.readTree(response.body()).get("access_token").asText()));
    assertEquals("invalid_token", challenge.error());
  }

  @Test
  void tokenWhenSecretWrongThenInvalidClient() throws Exception {
    issuer.issuer().registerClient("svc3", "right");

    HttpResponse<String> response =
        post(
            issuer.issuer().tokenEndpoint(),
            "grant_type=client_credentials",
            "Authorization",
            basic("svc3", "wrong"));

    assertEquals(401, response.statusCode());
    assertEquals("invalid_client", JSON.readTree(response.body()).get("error").asText());
  }

  @Test
  void authorizationCodeWhenPkceVerifierMatchesThenTokenForLoginHint() throws Exception {
    String code = authorize("demo-pro");

    HttpResponse<String> response =
        post(
            issuer.issuer().tokenEndpoint(),
            "grant_type=authorization_code&client_id=app&redirect_uri="
                + encode("http://127.0.0.1:1/cb")
                + "&code_verifier="
                + VERIFIER
                + "&code="
                + code
                + "&resource="
                + encode(RESOURCE.toString()));

    assertEquals(200, response.statusCode(), response.body());
    Decision.Allow allow =
        assertInstanceOf(
            Decision.Allow.class,
            decide(JSON.readTree(response.body()).get("access_token").asText()));
    assertEquals("demo-pro", allow.principal().accountId());
    assertEquals("app", allow.principal().clientId());
  }

  @Test
  void authorizationCodeWhenVerifierWrongOrCodeReusedThenInvalidGrant() throws Exception {
    String code = authorize("demo-free");
    String form =
        "grant_type=authorization_code&client_id=app&redirect_uri="
            + encode("http://127.0.0.1:1/cb")
            + "&code="
            + code
            + "&code_verifier=";

    HttpResponse<String> wrong =
        post(issuer.issuer().tokenEndpoint(), form + VERIFIER.replace('d', 'e'));
    HttpResponse<String> reused = post(issuer.issuer().tokenEndpoint(), form + VERIFIER);

    assertEquals(400, wrong.statusCode());
    assertEquals("invalid_grant", JSON.readTree(wrong.body()).get("error").asText());
    // The failed attempt consumed the code: a code is good for one exchange only.
    assertEquals(400, reused.statusCode());
  }

  @Test
  void authorizeWhenNoPkceThenErrorRedirect() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        issuer.issuer().authorizationEndpoint()
                            + "?response_type=code&client_id=app&state=s1&redirect_uri="
                            + encode("http://127.0.0.1:1/cb")))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(302, response.statusCode());
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(
        location.contains("error=invalid_request") && location.contains("state=s1"), location);
  }

  @Test
  void tokenWhenResourceUnparseableThenInvalidRequest() throws Exception {
    issuer.issuer().registerClient("svc4", "svc4-secret");

    HttpResponse<String> response =
        post(
            issuer.issuer().tokenEndpoint(),
            "grant_type=client_credentials&resource=" + encode("http://bad host/%zz"),
            "Authorization",
            basic("svc4", "svc4-secret"));

    assertEquals(400, response.statusCode());
    assertEquals("invalid_request", JSON.readTree(response.body()).get("error").asText());
  }

  private static String authorize(String loginHint) throws Exception {
    String challenge =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
    URI uri =
        URI.create(
            issuer.issuer().authorizationEndpoint()
                + "?response_type=code&client_id=app&state=xyz&code_challenge_method=S256&code_challenge="
                + challenge
                + "&scope=mcp&login_hint="
                + loginHint
                + "&redirect_uri="
                + encode("http://127.0.0.1:1/cb"));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(302, response.statusCode());
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith("http://127.0.0.1:1/cb?"), location);
    assertTrue(location.contains("state=xyz"), location);
    assertTrue(location.contains("iss=" + encode(issuer.issuer().issuer().toString())), location);
    Matcher code = Pattern.compile("code=([^&]+)").matcher(location);
    assertTrue(code.find(), location);
    return code.group(1);
  }
}
