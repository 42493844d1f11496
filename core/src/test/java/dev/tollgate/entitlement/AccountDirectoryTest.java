package dev.tollgate.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountDirectoryTest {

  @Test
  void inMemoryWhenKnownAndUnknownThenFoundOrEmpty() {
    AccountDirectory directory = AccountDirectory.inMemory(new Account("a", Plan.FREE, 1, 2));

    assertEquals(new Account("a", Plan.FREE, 1, 2), directory.find("a").orElseThrow());
    assertTrue(directory.find("b").isEmpty());
  }

  @Test
  void inMemoryWhenDuplicateIdsThenRejected() {
    assertThrows(
        IllegalStateException.class,
        () ->
            AccountDirectory.inMemory(
                new Account("a", Plan.FREE, 0, 0), new Account("a", Plan.ENTERPRISE, 0, 0)));
  }
}
