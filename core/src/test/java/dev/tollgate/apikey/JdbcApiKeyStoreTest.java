package dev.tollgate.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.DependencyUnavailableException;
import dev.tollgate.testsupport.TestDataSources;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcApiKeyStoreTest {
  private static final String HASH = "a".repeat(64);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1keys",
        "api keys",
        "api_keys; DROP TABLE accounts",
        "\"api_keys\"",
        "api-keys",
        "a.b.c",
        ".keys",
        "keys.",
        "cl\u00e9s",
        "k012345678901234567890123456789012345678901234567890123456789012"
      })
  void tableNameWhenNotAPlainIdentifierThenRejectedNamingTheSetting(String tableName) {
    JdbcApiKeyStore.Builder builder = JdbcApiKeyStore.builder(TestDataSources.h2("apikey"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.tableName(tableName));
    assertTrue(e.getMessage().startsWith("tableName"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tollgate_api_key", "API_KEYS", "_keys", "public.api_keys", "k1"})
  void tableNameWhenPlainOrSchemaQualifiedIdentifierThenAccepted(String tableName) {
    assertEquals(
        tableName,
        JdbcApiKeyStore.builder(TestDataSources.h2("apikey"))
            .tableName(tableName)
            .build()
            .tableName());
  }

  @Test
  void queryTimeoutWhenBelowOneSecondThenRejected() {
    JdbcApiKeyStore.Builder builder = JdbcApiKeyStore.builder(TestDataSources.h2("apikey"));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> builder.queryTimeout(Duration.ofMillis(500)));
    assertTrue(e.getMessage().startsWith("queryTimeout"));
  }

  @Test
  void schemaSqlWhenReadThenCreatesTheDefaultTableWithOneKeyPerAccount() {
    String sql = JdbcApiKeyStore.schemaSql();

    assertTrue(sql.contains("CREATE TABLE IF NOT EXISTS tollgate_api_key"));
    assertTrue(sql.contains("account_id     VARCHAR(255)             NOT NULL PRIMARY KEY"));
    assertFalse(sql.contains("--"), "comments are removed before execution");
  }

  @Test
  void createSchemaIfMissingWhenDefaultTableThenStoreWorks() {
    JdbcApiKeyStore store = JdbcApiKeyStore.builder(TestDataSources.h2("apikey")).build();
    store.createSchemaIfMissing();
    ApiKeyRecord record = new ApiKeyRecord("acct-1", HASH, "abcdefgh", Instant.EPOCH, null);

    assertTrue(store.insert(record));

    assertEquals(record, store.findByHash(HASH).orElseThrow());
    assertEquals(record, store.findByAccount("acct-1").orElseThrow());
  }

  @Test
  void insertWhenAccountHasKeyThenFalseAndFirstRecordKept() {
    JdbcApiKeyStore store = JdbcApiKeyStore.builder(TestDataSources.h2("apikey")).build();
    store.createSchemaIfMissing();
    ApiKeyRecord first = new ApiKeyRecord("acct-1", HASH, "abcdefgh", Instant.EPOCH, null);
    ApiKeyRecord second =
        new ApiKeyRecord("acct-1", "b".repeat(64), "bcdefghi", Instant.EPOCH, null);

    assertTrue(store.insert(first));
    assertFalse(store.insert(second));

    assertEquals(first, store.findByAccount("acct-1").orElseThrow());
    assertTrue(store.findByHash("b".repeat(64)).isEmpty());
  }

  @Test
  void recordUseWhenOlderThanStoredThenIgnored() {
    JdbcApiKeyStore store = JdbcApiKeyStore.builder(TestDataSources.h2("apikey")).build();
    store.createSchemaIfMissing();
    store.insert(new ApiKeyRecord("acct-1", HASH, "abcdefgh", Instant.EPOCH, null));

    store.recordUse(HASH, Instant.EPOCH.plusSeconds(60));
    store.recordUse(HASH, Instant.EPOCH.plusSeconds(30));

    assertEquals(Instant.EPOCH.plusSeconds(60), store.findByHash(HASH).orElseThrow().lastUsedAt());
  }

  @Test
  void everyOperationWhenDatabaseDownThenDependencyUnavailable() {
    DataSource down = TestDataSources.down();
    JdbcApiKeyStore store = JdbcApiKeyStore.builder(down).build();
    ApiKeyRecord record = new ApiKeyRecord("acct-1", HASH, "abcdefgh", Instant.EPOCH, null);

    for (Runnable operation :
        new Runnable[] {
          store::createSchemaIfMissing,
          () -> store.insert(record),
          () -> store.findByHash(HASH),
          () -> store.findByAccount("acct-1"),
          () -> store.replace(record),
          () -> store.delete("acct-1"),
          () -> store.recordUse(HASH, Instant.EPOCH)
        }) {
      DependencyUnavailableException e =
          assertThrows(DependencyUnavailableException.class, operation::run);
      assertEquals("api-key-store", e.dependency());
    }
  }
}
