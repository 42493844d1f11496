package dev.tollgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tollgate.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialKeyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "tgk_abc",
        "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        "caf\u00e9",
        "a-much-longer-credential-value-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
      })
  void toHexWhenComputedThenSameAsCredentialSha256Hex(String value) {
    Credential credential = Credential.of(value);

    assertEquals(credential.sha256Hex(), CredentialKey.of(credential).toHex());
  }

  @Test
  void ofWhenSameValueThenEqualWithSameHashCode() {
    CredentialKey first = CredentialKey.of(Credential.of("token-a"));
    CredentialKey second = CredentialKey.of(Credential.of("token-a"));

    assertEquals(first, second);
    assertEquals(first.hashCode(), second.hashCode());
  }

  @Test
  void ofWhenValuesDifferThenNotEqual() {
    assertNotEquals(
        CredentialKey.of(Credential.of("token-a")), CredentialKey.of(Credential.of("token-b")));
  }
}
