package dev.tollgate.jwt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.JWSAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenPrecheckTest {
  private final TokenPrecheck precheck = new TokenPrecheck(Set.of(JWSAlgorithm.RS256));

  @ParameterizedTest
  @CsvSource({"Zg,f", "Zm8,fo", "Zm9v,foo", "-_-_,\u00fb\u00ff\u00bf"})
  void decodeBase64UrlWhenCanonicalThenDecoded(String encoded, String expected) {
    assertArrayEquals(
        expected.getBytes(StandardCharsets.ISO_8859_1), TokenPrecheck.decodeBase64Url(encoded));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "Z", "Zg==", "Zg=", "Zh", "Zm9", "+/+/", "Zm 9v", "Zm9v\n", "Zm9\u00e9"})
  void decodeBase64UrlWhenNotCanonicalThenNull(String encoded) {
    assertNull(TokenPrecheck.decodeBase64Url(encoded));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Zg",
        "Zh",
        "Zm8",
        "Zm9",
        "Zm9v",
        "AA",
        "AB",
        "AAA",
        "AAB",
        "AAE",
        "-_-_",
        "_w",
        "_x",
        "__8",
        "__9",
        "",
        "Z",
        "Zg==",
        "+/+/",
        "Zm 9v",
        "Zm9\u00e9"
      })
  void isCanonicalBase64UrlWhenCheckedThenAgreesWithDecodeAndReencode(String encoded) {
    boolean roundTrips;
    try {
      byte[] bytes = java.util.Base64.getUrlDecoder().decode(encoded);
      roundTrips =
          !encoded.isEmpty()
              && java.util.Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(bytes)
                  .equals(encoded);
    } catch (IllegalArgumentException e) {
      roundTrips = false;
    }
    assertEquals(roundTrips, TokenPrecheck.isCanonicalBase64Url(encoded), encoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"C328", "C0AF", "EDA080", "F8888080", "FF"})
  void decodeUtf8WhenMalformedThenNull(String hex) {
    assertNull(TokenPrecheck.decodeUtf8(java.util.HexFormat.of().parseHex(hex)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"C328", "C0AF", "EDA080", "F8888080", "FF", "7B22C3"})
  void isStrictUtf8WhenMalformedThenFalse(String hex) {
    assertEquals(false, TokenPrecheck.isStrictUtf8(java.util.HexFormat.of().parseHex(hex)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7B7D", "7BC3A97D", "E282AC", "F09F9880"})
  void isStrictUtf8WhenAsciiOrWellFormedThenTrue(String hex) {
    assertEquals(true, TokenPrecheck.isStrictUtf8(java.util.HexFormat.of().parseHex(hex)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}|",
        "{\"alg\":\"RS256\",\"typ\":\"Application/AT+JWT\"}|",
        "{\"alg\":\"rs256\",\"typ\":\"at+jwt\"}|ALGORITHM_NOT_ACCEPTED",
        "{\"alg\":\"NONE\",\"typ\":\"at+jwt\"}|ALGORITHM_NOT_ACCEPTED",
        "{\"alg\":1,\"typ\":\"at+jwt\"}|MALFORMED",
        "{\"typ\":\"at+jwt\"}|MALFORMED",
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"x5c\":[]}|KEY_REFERENCE_REFUSED",
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"crit\":[]}|UNSUPPORTED_CRITICAL_HEADER",
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"enc\":\"A256GCM\"}|MALFORMED",
        "{\"alg\":\"RS256\",\"typ\":\"jwt\"}|WRONG_TYPE",
        "{\"alg\":\"RS256\",\"typ\":[\"at+jwt\"]}|WRONG_TYPE",
        "{\"alg\":\"RS256\",\"typ\":\"at+jwt\"} trailing|MALFORMED",
      })
  void checkWhenHeaderGivenThenReasonOrNull(String headerJson, RejectReason expected) {
    String token = TestTokens.b64(headerJson) + "." + TestTokens.b64("{\"sub\":\"u\"}") + ".AAAA";

    assertEquals(expected, precheck.check(token));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "true|",
        "false|MALFORMED",
        "\"false\"|MALFORMED",
        "null|MALFORMED",
      })
  void checkWhenHeaderHasB64ThenOnlyTrueAccepted(String b64, RejectReason expected) {
    String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"b64\":" + b64 + "}";
    String token = TestTokens.b64(header) + "." + TestTokens.b64("{\"sub\":\"u\"}") + ".AAAA";

    assertEquals(expected, precheck.check(token));
  }

  @Test
  void checkWhenHeaderValidButPayloadNotJsonThenMalformed() {
    String token =
        TestTokens.b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}")
            + "."
            + TestTokens.b64("sub=u")
            + ".AAAA";

    assertEquals(RejectReason.MALFORMED, precheck.check(token));
  }
}
