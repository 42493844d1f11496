package dev.tollgate.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChallengesTest {
  private static final URI METADATA =
      URI.create("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
  private final Challenges challenges = Challenges.pointingTo(METADATA);
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void missingCredentialWhenScopesRequiredThenChallengeWithoutError() throws Exception {
    Decision.Challenge challenge = challenges.missingCredential(Set.of("mcp:tools", "mcp"));

    assertEquals(401, challenge.status());
    assertEquals(
        "Bearer scope=\"mcp mcp:tools\", resource_metadata=\"" + METADATA + "\"",
        challenge.wwwAuthenticate());
    assertEquals("missing_credential", json.readTree(challenge.jsonBody()).get("error").asText());
  }

  @Test
  void missingCredentialWhenNoScopesThenOnlyResourceMetadata() {
    Decision.Challenge challenge = challenges.missingCredential(Set.of());

    assertEquals("Bearer resource_metadata=\"" + METADATA + "\"", challenge.wwwAuthenticate());
  }

  @Test
  void errorWhenInvalidTokenThenErrorAndDescription() throws Exception {
    Decision.Challenge challenge =
        challenges.error(BearerError.invalidToken("The access token has expired"), Set.of("mcp"));

    assertEquals(401, challenge.status());
    assertEquals(
        "Bearer error=\"invalid_token\", error_description=\"The access token has expired\", "
            + "scope=\"mcp\", resource_metadata=\""
            + METADATA
            + "\"",
        challenge.wwwAuthenticate());
    JsonNode body = json.readTree(challenge.jsonBody());
    assertEquals("invalid_token", body.get("error").asText());
    assertEquals("The access token has expired", body.get("error_description").asText());
  }

  @Test
  void errorWhenInsufficientScopeThenAllRequiredScopesListed() {
    Decision.Challenge challenge =
        challenges.error(
            BearerError.insufficientScope("missing"), List.of("mcp:tools:write", "mcp:tools:read"));

    assertEquals(403, challenge.status());
    assertTrue(challenge.wwwAuthenticate().contains("scope=\"mcp:tools:read mcp:tools:write\""));
    assertTrue(challenge.wwwAuthenticate().contains("error=\"insufficient_scope\""));
  }

  @Test
  void errorWhenScopeHasForbiddenCharactersThenLeftOut() {
    Decision.Challenge challenge =
        challenges.error(
            BearerError.invalidRequest("bad"), List.of("ok", "bad\"scope", "bad\\x", "sp ace", ""));

    assertTrue(challenge.wwwAuthenticate().contains("scope=\"ok\""), challenge.wwwAuthenticate());
  }

  @Test
  void entitlementRequiredWhenRefusedThenNoChallengeAndUpgradeLink() throws Exception {
    Decision.Challenge challenge =
        challenges.entitlementRequired(
            "Your free plan has no purchased credits", URI.create("https://example.com/upgrade"));

    assertEquals(403, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    JsonNode body = json.readTree(challenge.jsonBody());
    assertEquals("entitlement_required", body.get("error").asText());
    assertEquals("https://example.com/upgrade", body.get("upgrade_uri").asText());
  }

  @Test
  void clientNotAllowedWhenRefusedThenNoChallengeAndItsOwnCode() throws Exception {
    Decision.Challenge challenge = challenges.clientNotAllowed("Only the account page may");

    assertEquals(403, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    assertEquals("client_not_allowed", json.readTree(challenge.jsonBody()).get("error").asText());
    assertThrows(IllegalArgumentException.class, () -> challenges.clientNotAllowed("bad \"quote"));
  }

  @Test
  void unavailableWhenDependencyDownThenRetryAfterAndNoDependencyName() {
    Decision.Unavailable unavailable = challenges.unavailable("jwks", Duration.ofMillis(2500));

    assertEquals(3, unavailable.retryAfterSeconds());
    assertTrue(!unavailable.jsonBody().contains("jwks"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"has \"quote\"", "back\\slash", "new\nline", "caf\u00e9", "tab\there"})
  void bearerErrorWhenDescriptionOutsideCharsetThenRejected(String description) {
    assertThrows(IllegalArgumentException.class, () -> BearerError.invalidToken(description));
  }

  @Test
  void pointingToWhenUrlHasNonAsciiThenRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Challenges.pointingTo(URI.create("https://example.com/caf\u00e9")));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 413})
  void invalidMessageWhenStatusThenInvalidRequestWithoutChallenge(int status) throws Exception {
    Decision.Challenge challenge =
        challenges.invalidMessage(status, "The request path is not in normal form");

    assertEquals(status, challenge.status());
    assertNull(challenge.wwwAuthenticate());
    assertEquals("invalid_request", challenge.error());
    JsonNode body = json.readTree(challenge.jsonBody());
    assertEquals("invalid_request", body.path("error").asText());
    assertEquals("The request path is not in normal form", body.path("error_description").asText());
  }

  @Test
  void invalidMessageWhenStatusOrDescriptionUnfitThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> challenges.invalidMessage(401, "x"));
    assertThrows(
        IllegalArgumentException.class, () -> challenges.invalidMessage(400, "quote \" inside"));
  }

  @ParameterizedTest
  @EnumSource(AccountError.class)
  void accountErrorWhenAnyThenItsStatusCodeAndFixedBodyWithoutChallenge(AccountError error)
      throws Exception {
    Decision.Challenge challenge = challenges.accountError(error);

    assertEquals(error.status(), challenge.status());
    assertNull(challenge.wwwAuthenticate());
    assertEquals(error.code(), challenge.error());
    assertEquals(
        "{\"error\":\""
            + error.code()
            + "\",\"error_description\":\""
            + error.description()
            + "\"}",
        challenge.jsonBody());
    assertTrue(BearerError.isErrorValue(error.description()));
  }

  @Test
  void accountErrorWhenTheTableThenTheDocumentedStatusesAndCodes() {
    assertEquals(404, AccountError.NO_SUCH_ENDPOINT.status());
    assertEquals("not_found", AccountError.NO_SUCH_ENDPOINT.code());
    assertEquals(405, AccountError.METHOD_NOT_ALLOWED.status());
    assertEquals("method_not_allowed", AccountError.METHOD_NOT_ALLOWED.code());
    assertEquals(400, AccountError.INVALID_CLIENT_ID.status());
    assertEquals(BearerError.INVALID_REQUEST, AccountError.INVALID_CLIENT_ID.code());
    assertEquals(409, AccountError.API_KEY_EXISTS.status());
    assertEquals(500, AccountError.FAILED.status());
    assertEquals("server_error", AccountError.NOT_CONFIGURED.code());
  }

  @Test
  void accountUnavailableWhenStoreDownThenTheGatesShapeRoundedUpAndNoDependencyName()
      throws Exception {
    Decision.Unavailable unavailable =
        challenges.accountUnavailable("account-directory", Duration.ofMillis(1500));

    assertEquals(2, unavailable.retryAfterSeconds());
    assertEquals("account-directory", unavailable.dependency());
    JsonNode body = json.readTree(unavailable.jsonBody());
    assertEquals(List.of("error", "error_description"), fieldNames(body));
    assertEquals(Challenges.TEMPORARILY_UNAVAILABLE, body.get("error").asText());
    assertTrue(!unavailable.jsonBody().contains("account-directory"));
    assertEquals(
        fieldNames(json.readTree(challenges.unavailable("jwks", Duration.ofSeconds(1)).jsonBody())),
        fieldNames(body));
  }

  private static List<String> fieldNames(JsonNode body) {
    List<String> names = new java.util.ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void errorWhenSameErrorAndScopeSetAgainThenTheChallengeAlreadyBuilt() {
    Decision.Challenge first =
        challenges.error(BearerError.invalidToken("The access token has expired"), Set.of("mcp"));

    Decision.Challenge again =
        challenges.error(BearerError.invalidToken("The access token has expired"), Set.of("mcp"));

    assertSame(first, again);
    assertSame(
        challenges.missingCredential(Set.of("mcp")), challenges.missingCredential(Set.of("mcp")));
  }

  @Test
  void errorWhenScopeSetChangedAfterACallThenAnsweredForWhatItHoldsNow() {
    Set<String> scopes = new HashSet<>(Set.of("mcp"));
    BearerError error = BearerError.insufficientScope("missing");
    Decision.Challenge before = challenges.error(error, scopes);

    scopes.add("mcp:tools");
    Decision.Challenge after = challenges.error(error, scopes);
    Decision.Challenge missing = challenges.missingCredential(scopes);

    assertTrue(before.wwwAuthenticate().contains("scope=\"mcp\""), before.wwwAuthenticate());
    assertTrue(
        after.wwwAuthenticate().contains("scope=\"mcp mcp:tools\""), after.wwwAuthenticate());
    assertEquals(
        "Bearer scope=\"mcp mcp:tools\", resource_metadata=\"" + METADATA + "\"",
        missing.wwwAuthenticate());
    assertEquals(before, challenges.error(error, Set.of("mcp")));
  }

  @Test
  void errorWhenMoreDistinctInputsThanKeptThenEachStillItsOwnChallenge() {
    for (int i = 0; i <= Challenges.MAX_MEMOIZED_CHALLENGES + 10; i++) {
      String description = "Refused for reason " + i;

      Decision.Challenge challenge =
          challenges.error(BearerError.invalidToken(description), Set.of("mcp"));

      assertEquals(
          "Bearer error=\"invalid_token\", error_description=\""
              + description
              + "\", scope=\"mcp\", resource_metadata=\""
              + METADATA
              + "\"",
          challenge.wwwAuthenticate());
      assertEquals(
          "{\"error\":\"invalid_token\",\"error_description\":\"" + description + "\"}",
          challenge.jsonBody());
    }
  }

  @Test
  void errorWhenScopesAListOrASetThenTheSameChallenge() {
    BearerError error = BearerError.insufficientScope("missing");

    assertEquals(
        challenges.error(error, Set.of("b", "a")), challenges.error(error, List.of("b", "a", "b")));
  }
}
