-- Tollgate API keys: one row per account, holding only the SHA-256 of the key.
--
-- Runs unchanged on PostgreSQL and H2. JdbcApiKeyStore.createSchemaIfMissing() runs this file with
-- the configured table name in place of tollgate_api_key; to manage the schema yourself (Flyway,
-- Liquibase, a DBA), copy it and rename the table the same way.
--
--   account_id      the owning account; the primary key, so the database itself enforces at most
--                   one key per account, also under concurrent creation. 255 characters is
--                   ApiKeyRecord.MAX_ACCOUNT_ID_LENGTH.
--   key_hash        lowercase hex SHA-256 of the whole key (64 characters). Never the key itself.
--                   Unique and indexed: every request looks a key up by it.
--   display_prefix  the first 8 characters of the key's random body, shown in the account UI so
--                   people can tell keys apart. Not secret (about 208 bits of the key stay secret).
--   created_at      when the key was issued or last renewed.
--   last_used_at    when the key last authenticated a request; written at a throttled rate.
--
-- Renewal is a single UPDATE of the account's row, so a concurrent reader finds either the old hash
-- or the new one, never both and never neither.
CREATE TABLE IF NOT EXISTS tollgate_api_key (
  account_id     VARCHAR(255)             NOT NULL PRIMARY KEY,
  key_hash       CHAR(64)                 NOT NULL UNIQUE,
  display_prefix VARCHAR(16)              NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at   TIMESTAMP WITH TIME ZONE
);
