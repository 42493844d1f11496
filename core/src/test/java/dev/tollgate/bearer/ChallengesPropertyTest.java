package dev.tollgate.bearer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.Decision;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link Challenges}: whatever description a {@link BearerError} accepts and whatever
 * scopes a policy hands over, the {@code WWW-Authenticate} value stays inside RFC 6750 §3's grammar
 * and the body is JSON.
 */
class ChallengesPropertyTest {
  private static final URI METADATA =
      URI.create("https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
  private static final Challenges CHALLENGES = Challenges.pointingTo(METADATA);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * RFC 6750 §3 (with RFC 9728 §5.1's {@code resource_metadata}), in the order Challenges writes.
   */
  private static final String ERROR_CHARS = "[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]";

  private static final String SCOPE_TOKEN = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";
  private static final Pattern CHALLENGE =
      Pattern.compile(
          "Bearer "
              + "(?:error=\"(?<error>"
              + ERROR_CHARS
              + "+)\", "
              + "error_description=\"(?<description>"
              + ERROR_CHARS
              + "*)\", )?"
              + "(?:scope=\"(?<scope>"
              + SCOPE_TOKEN
              + "(?: "
              + SCOPE_TOKEN
              + ")*)\", )?"
              + "resource_metadata=\""
              + Pattern.quote(METADATA.toString())
              + "\"");

  @Property(tries = 1500)
  void errorWhenArbitraryDescriptionAndScopesThenChallengeInGrammarAndBodyIsJson(
      @ForAll("descriptions") String description,
      @ForAll("codes") String code,
      @ForAll("scopeSets") Set<String> scopes)
      throws Exception {
    BearerError error;
    try {
      error = new BearerError(code, 401, description);
    } catch (IllegalArgumentException refused) {
      assertFalse(
          BearerError.isErrorValue(description)
              && BearerError.isErrorValue(code)
              && !code.isEmpty());
      return;
    }

    Decision.Challenge challenge = CHALLENGES.error(error, scopes);

    String header = challenge.wwwAuthenticate();
    assertNotNull(header);
    assertPrintableAscii(header);
    Matcher matcher = CHALLENGE.matcher(header);
    assertTrue(matcher.matches(), () -> "not RFC 6750 §3: " + header);
    assertEquals(code, matcher.group("error"));
    assertEquals(description, matcher.group("description"));
    assertEquals(expectedScope(scopes), matcher.group("scope"));
    JsonNode body = JSON.readTree(challenge.jsonBody());
    assertEquals(code, body.get("error").textValue());
    assertEquals(description, body.get("error_description").textValue());
  }

  @Property(tries = 1000)
  void missingCredentialWhenArbitraryScopesThenChallengeWithoutErrorInGrammar(
      @ForAll("scopeSets") Set<String> scopes) throws Exception {
    Decision.Challenge challenge = CHALLENGES.missingCredential(scopes);

    String header = challenge.wwwAuthenticate();
    assertNotNull(header);
    assertPrintableAscii(header);
    Matcher matcher = CHALLENGE.matcher(header);
    assertTrue(matcher.matches(), () -> "not RFC 6750 §3: " + header);
    assertNull(matcher.group("error"));
    assertEquals(expectedScope(scopes), matcher.group("scope"));
    assertEquals(
        "missing_credential", JSON.readTree(challenge.jsonBody()).get("error").textValue());
  }

  @Property(tries = 1000)
  void entitlementRequiredWhenArbitraryDescriptionThenNoChallengeAndBodyRoundTrips(
      @ForAll("anyText") String description) throws Exception {
    Decision.Challenge challenge =
        CHALLENGES.entitlementRequired(description, URI.create("https://example.com/upgrade"));

    assertNull(challenge.wwwAuthenticate());
    JsonNode body = JSON.readTree(challenge.jsonBody());
    assertEquals("entitlement_required", body.get("error").textValue());
    assertEquals(description, body.get("error_description").textValue());
  }

  @Property(tries = 1000)
  void unavailableWhenArbitraryDependencyNameThenBodyIsJsonWithoutIt(
      @ForAll("anyText") String dependency) throws Exception {
    Decision.Unavailable unavailable = CHALLENGES.unavailable(dependency, Duration.ofSeconds(3));

    JsonNode body = JSON.readTree(unavailable.jsonBody());
    assertEquals("temporarily_unavailable", body.get("error").textValue());
    assertEquals(2, body.size());
    assertEquals(3, unavailable.retryAfterSeconds());
  }

  @Property(tries = 500)
  void rateLimitedWhenArbitraryWaitThenFixedJsonBodyAndRetryAfterAtLeastOneSecond(
      @ForAll("waits") long nanos) throws Exception {
    Decision.RateLimited limited = CHALLENGES.rateLimited(Duration.ofNanos(nanos));

    JsonNode body = JSON.readTree(limited.jsonBody());
    assertEquals("too_many_requests", body.get("error").textValue());
    assertEquals(CHALLENGES.rateLimited(Duration.ofSeconds(1)).jsonBody(), limited.jsonBody());
    assertTrue(limited.retryAfterSeconds() >= 1);
    assertTrue(limited.retryAfterSeconds() * 1_000_000_000L >= nanos);
  }

  @Provide
  Arbitrary<Long> waits() {
    return Arbitraries.longs().between(1, Duration.ofDays(1).toNanos());
  }

  @Property(tries = 300)
  void bearerErrorWhenDescriptionHasCharacterOutsideRfc6750ThenRefused(
      @ForAll("anyText") String left,
      @ForAll("forbiddenChars") char bad,
      @ForAll("anyText") String right) {
    assertThrows(
        IllegalArgumentException.class, () -> BearerError.invalidToken(left + bad + right));
  }

  @Provide
  Arbitrary<String> descriptions() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('\u0020', '\u007e').ofMaxLength(200),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(60),
        Arbitraries.strings().all().ofMaxLength(60));
  }

  @Provide
  Arbitrary<String> codes() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            BearerError.INVALID_REQUEST, BearerError.INVALID_TOKEN, BearerError.INSUFFICIENT_SCOPE),
        Arbitraries.strings().withCharRange('\u0020', '\u007e').ofMaxLength(30),
        Arbitraries.strings().all().ofMaxLength(10));
  }

  @Provide
  Arbitrary<Set<String>> scopeSets() {
    Arbitrary<String> scope =
        Arbitraries.oneOf(
            Arbitraries.of("mcp", "mcp:tools", "mcp:tools:read", "files.write"),
            Arbitraries.strings().withCharRange('\u0020', '\u007e').ofMaxLength(20),
            Arbitraries.strings().all().ofMaxLength(20));
    return scope.set().ofMaxSize(12);
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings().all().ofMaxLength(120);
  }

  @Provide
  Arbitrary<Character> forbiddenChars() {
    return Arbitraries.oneOf(
        Arbitraries.chars().range('\u0000', '\u001f'),
        Arbitraries.of('"', '\\', '\u007f', '\u0085', '\u2028', '\u00e9', '\uD800', '\uFFFF'));
  }

  /** The scopes a challenge may carry: valid scope-tokens, sorted; invalid ones are left out. */
  private static String expectedScope(Set<String> scopes) {
    TreeSet<String> valid = new TreeSet<>();
    scopes.stream().filter(BearerError::isScopeToken).forEach(valid::add);
    return valid.isEmpty() ? null : String.join(" ", valid);
  }

  private static void assertPrintableAscii(String header) {
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      assertTrue(c >= 0x20 && c <= 0x7E, () -> "non-printable or non-ASCII in " + header);
    }
  }
}
