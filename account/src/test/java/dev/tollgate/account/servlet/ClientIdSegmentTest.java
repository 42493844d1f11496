package dev.tollgate.account.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code {clientId}} path segment grammar, as a table. */
class ClientIdSegmentTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "client-a | client-a",
        "Client_1.2~x | Client_1.2~x",
        "https%3A%2F%2Fapp.example.com%2Fclient | https://app.example.com/client",
        "a%2bb | a+b",
        "a+b | a+b",
        "%41%42 | AB",
        "x@y:z!$&'()*,;= | x@y:z!$&'()*,;="
      })
  void decodeWhenValidThenTheClientId(String raw, String expected) {
    assertEquals(Optional.of(expected), ClientIdSegment.decode(raw));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a/b",
        "%",
        "%4",
        "%G0",
        "%0G",
        "a%2",
        "%20",
        "a%20b",
        "%00",
        "%0A",
        "%7F",
        "%C3%A9",
        "%FF",
        "%C3",
        "caf\u00e9",
        "a b",
        "a\tb"
      })
  void decodeWhenJunkThenEmpty(String raw) {
    assertTrue(ClientIdSegment.decode(raw).isEmpty(), raw);
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 400, 766, 10_000})
  void decodeWhenLongerThanAnIdCanBeThenEmpty(int length) {
    assertTrue(ClientIdSegment.decode("c".repeat(length)).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 128, 255})
  void decodeWhenUpTo255CharactersThenAccepted(int length) {
    assertEquals(Optional.of("c".repeat(length)), ClientIdSegment.decode("c".repeat(length)));
  }

  @ParameterizedTest
  @ValueSource(ints = {85, 255})
  void decodeWhenFullyEncodedWithinTheLimitThenAccepted(int decodedLength) {
    assertEquals(
        Optional.of("A".repeat(decodedLength)),
        ClientIdSegment.decode("%41".repeat(decodedLength)));
  }
}
