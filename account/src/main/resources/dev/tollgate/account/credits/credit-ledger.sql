-- Credit ledger schema; ${table} is the configured, validated table name.
-- The CHECK is a second line of defence: the conditional UPDATE already refuses overdrafts.
CREATE TABLE IF NOT EXISTS ${table} (
  account_id VARCHAR(255) NOT NULL PRIMARY KEY,
  balance BIGINT NOT NULL CHECK (balance >= 0)
);
-- One row per accepted charge that carried an idempotency key.
CREATE TABLE IF NOT EXISTS ${table}_charges (
  account_id VARCHAR(255) NOT NULL,
  idempotency_key VARCHAR(128) NOT NULL,
  balance_after BIGINT NOT NULL,
  PRIMARY KEY (account_id, idempotency_key)
);
