package dev.tollgate.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {
  private final TrustedProxies balancers =
      TrustedProxies.of("X-Forwarded-For", List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // peer | header | client
        "203.0.113.9 | 198.51.100.1 | 203.0.113.9",
        "10.1.2.3 | 198.51.100.1 | 198.51.100.1",
        "10.1.2.3 | 6.6.6.6, 198.51.100.1 | 198.51.100.1",
        "10.1.2.3 | 198.51.100.1, 10.9.9.9 | 198.51.100.1",
        "192.0.2.7 | 198.51.100.1, 192.0.2.7, 10.0.0.1 | 198.51.100.1",
        "10.1.2.3 | 10.0.0.1, 10.0.0.2 | 10.0.0.1",
        "10.1.2.3 | not-an-address, 198.51.100.1 | 198.51.100.1",
        "10.1.2.3 | 198.51.100.1, garbage | 10.1.2.3",
        "10.1.2.3 | '198.51.100.1,' | 10.1.2.3",
        "fd12::1 | 2001:db8::5 | 2001:db8::5",
        "::ffff:10.0.0.1 | 198.51.100.1 | 198.51.100.1",
        "10.1.2.3 | '' | 10.1.2.3",
      })
  void clientAddressWhenHeaderFromPeerThenRightmostUntrustedHop(
      String peer, String header, String client) {
    assertEquals(client, balancers.clientAddress(peer, List.of(header)));
  }

  @Test
  void clientAddressWhenSeveralHeaderLinesThenReadAsOneListInOrder() {
    assertEquals(
        "198.51.100.1",
        balancers.clientAddress("10.0.0.1", List.of("6.6.6.6", "198.51.100.1, 10.0.0.2")));
  }

  @Test
  void clientAddressWhenForwardedHeaderThenForParameters() {
    TrustedProxies forwarded = TrustedProxies.of("Forwarded", List.of("10.0.0.0/8"));

    assertEquals(
        "2001:db8::1",
        forwarded.clientAddress(
            "10.0.0.1",
            List.of("for=6.6.6.6, for=\"[2001:db8::1]:4711\";proto=https, for=10.0.0.9")));
    assertEquals(
        "198.51.100.1", forwarded.clientAddress("10.0.0.1", List.of("for=198.51.100.1:8080")));
  }

  @Test
  void clientAddressWhenNoneTrustedThenPeerWhateverTheHeaderSays() {
    assertEquals(
        "10.0.0.1", TrustedProxies.none().clientAddress("10.0.0.1", List.of("198.51.100.1")));
  }

  @Test
  void ofWhenProxyOrHeaderInvalidThenRefusedNamingIt() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TrustedProxies.of("X-Forwarded-For", List.of("proxy.example.com")));
    assertThrows(
        IllegalArgumentException.class,
        () -> TrustedProxies.of("X-Forwarded-For", List.of("10.0.0.0/33")));
    assertThrows(
        IllegalArgumentException.class, () -> TrustedProxies.of("X-Real-IP", List.of("10.0.0.1")));
    assertThrows(
        IllegalArgumentException.class, () -> TrustedProxies.of("X-Forwarded-For", List.of()));
  }
}
