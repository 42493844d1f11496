package dev.tollgate.testing.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WwwAuthenticateTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Bearer resource_metadata="https://a/x", scope="mcp"                 | resource_metadata | https://a/x | true
      Bearer scope="mcp tools", resource_metadata="https://a/x"           | scope             | mcp tools   | true
      Bearer scope=mcp, resource_metadata=https://a/x                     | resource_metadata | https://a/x | false
      Bearer error="invalid_token", error_description="a \\"q\\" b"       | error_description | a "q" b     | true
      Basic realm="x", Bearer scope="mcp"                                 | scope             | mcp         | true
      bearer   scope = "mcp"                                              | scope             | mcp         | true
      """)
  void parseWhenChallengeGivenThenParamFound(
      String header, String name, String value, boolean quoted) {
    WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse(List.of(header)).bearer();

    assertNotNull(bearer, header);
    assertEquals(value, bearer.get(name));
    assertEquals(
        quoted,
        bearer.params().stream()
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow()
            .quoted());
  }

  @Test
  void parseWhenSeveralChallengesThenEachSchemeKept() {
    WwwAuthenticate parsed =
        WwwAuthenticate.parse(
            List.of(
                "Basic realm=\"api\", Bearer realm=\"mcp\", error=\"invalid_token\"",
                "DPoP algs=\"ES256\""));

    assertEquals(
        List.of("basic", "bearer", "dpop"),
        parsed.challenges().stream().map(WwwAuthenticate.Challenge::scheme).toList());
    assertEquals("invalid_token", parsed.bearer().get("error"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Basic realm="x"
      ''
      Bearer
      '"unterminated'
      Negotiate abc==
      """)
  void parseWhenNoBearerParamsThenNothingInvented(String header) {
    WwwAuthenticate.Challenge bearer = WwwAuthenticate.parse(List.of(header)).bearer();

    if (bearer != null) {
      assertEquals(List.of(), bearer.params());
    }
    assertNull(bearer == null ? null : bearer.get("scope"));
  }
}
