package dev.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which content types count as JSON, and with which charset the body is decoded. */
class McpAwareGateTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      value = {
        "application/json, UTF-8",
        "Application/JSON, UTF-8",
        "application/json; charset=utf-8, UTF-8",
        "application/json;charset=\"UTF-16\", UTF-16",
        "application/json; charset=ISO-8859-1, ISO-8859-1",
        "application/json-rpc+json, UTF-8",
        "text/plain, NULL",
        "application/x-www-form-urlencoded, NULL",
        "multipart/form-data; boundary=x, NULL",
        "application/jsonp, NULL",
        "'', NULL",
        "NULL, NULL"
      },
      nullValues = "NULL")
  void jsonCharsetWhenContentTypeThenCharsetOrNull(String contentType, String expected) {
    Charset charset = McpAwareGate.jsonCharset(contentType);

    assertEquals(expected, charset == null ? null : charset.name());
  }

  @ParameterizedTest
  @CsvSource({
    "application/json; charset=x-no-such-charset",
    "application/json; charset=\"bad name\""
  })
  void jsonCharsetWhenCharsetUnknownThenRejected(String contentType) {
    assertThrows(IllegalArgumentException.class, () -> McpAwareGate.jsonCharset(contentType));
  }
}
