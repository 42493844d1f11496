-- Tollgate request limits on PostgreSQL: shared by every node, so an account's quota holds however
-- many nodes serve it.
--
-- PostgresRateLimitStore.createSchemaIfMissing() runs this file with the configured prefix in place
-- of tollgate_rate; to manage the schema yourself (Flyway, Liquibase, a DBA), copy it and rename the
-- tables the same way.
--
-- tollgate_rate_bucket: one token bucket per account (and plan, and client when limits are per
-- client), in Bucket4j's format.
--   id          lowercase hex SHA-256 of the bucket key (plan, account, client): fixed length, and
--               no account ids in this table.
--   state       Bucket4j's serialized bucket state; updated under SELECT ... FOR UPDATE.
--   expires_at  epoch milliseconds after which the bucket would be full again, so the row can go.
CREATE TABLE IF NOT EXISTS tollgate_rate_bucket (
  id          VARCHAR(64) NOT NULL PRIMARY KEY,
  state       BYTEA,
  expires_at  BIGINT
);

-- tollgate_rate_slot: one row per call in flight under a concurrency cap.
--   slot_id     random UUID of the slot, deleted when the call's response completes.
--   bucket_key  hex SHA-256 of the key, as above; slots are counted per key under an advisory lock.
--   expires_at  when the slot is reclaimed even if never released (a node that died mid-call).
CREATE TABLE IF NOT EXISTS tollgate_rate_slot (
  slot_id     VARCHAR(36) NOT NULL PRIMARY KEY,
  bucket_key  VARCHAR(64) NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX IF NOT EXISTS tollgate_rate_slot_key ON tollgate_rate_slot (bucket_key, expires_at);
