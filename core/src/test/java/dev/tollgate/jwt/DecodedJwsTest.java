package dev.tollgate.jwt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecodedJwsTest {
  private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}";

  @Test
  void decodeWhenValidThenHeaderPayloadSigningInputAndSignatureFromTheOneSplit() {
    String token = TestTokens.rs256(c -> c);
    int lastDot = token.lastIndexOf('.');

    DecodedJws jws = DecodedJws.decode(token);

    assertNotNull(jws);
    assertEquals("RS256", jws.header().get("alg"));
    assertEquals(TestTokens.ISSUER, Objects.requireNonNull(jws.payload()).get("iss"));
    assertArrayEquals(
        token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII), jws.signingInput());
    assertEquals(token.substring(lastDot + 1), jws.signature().toString());
  }

  @Test
  void payloadWhenHeaderValidButPayloadNotJsonThenHeaderReadAndPayloadNull() {
    DecodedJws jws = DecodedJws.decode(TestTokens.raw(HEADER, "sub=user-42"));

    assertNotNull(jws);
    assertEquals("rsa-1", jws.header().get("kid"));
    assertNull(jws.payload());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"sub\"]", "\"x\"", "{\"sub\":\"u\"} trailing", "null"})
  void payloadWhenNotOneJsonObjectThenNull(String payload) {
    DecodedJws jws = DecodedJws.decode(TestTokens.raw(HEADER, payload));

    assertNull(Objects.requireNonNull(jws).payload());
  }

  @Test
  void payloadWhenNotStrictUtf8ThenNull() {
    byte[] payload = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    DecodedJws jws =
        DecodedJws.decode(TestTokens.raw(HEADER.getBytes(StandardCharsets.UTF_8), payload));

    assertNull(Objects.requireNonNull(jws).payload());
  }

  @Test
  void payloadWhenWellFormedMultiByteUtf8ThenDecoded() {
    DecodedJws jws = DecodedJws.decode(TestTokens.raw(HEADER, "{\"name\":\"Zoë ✓\"}"));

    assertEquals(
        Map.of("name", "Zoë ✓"), Objects.requireNonNull(Objects.requireNonNull(jws).payload()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a.b", // two parts
        "a.b.c.d", // four parts
        ".e30.AAAA", // empty header
        "e30..AAAA", // empty payload
        "e30.e30.", // empty signature
        "e30=.e30.AAAA", // padding
        "e31.e30.AAAA", // non-canonical last character
        "WyJSUzI1NiJd.e30.AAAA", // header a JSON array
      })
  void decodeWhenNotThreeCanonicalPartsWithAJsonObjectHeaderThenNull(String token) {
    assertNull(DecodedJws.decode(token));
  }

  @Test
  void decodeWhenHeaderLongerThanNimbusAcceptsThenNull() {
    String header = "{\"alg\":\"RS256\",\"x\":\"" + "a".repeat(20_000) + "\"}";

    assertNull(DecodedJws.decode(TestTokens.raw(header, "{}")));
  }
}
