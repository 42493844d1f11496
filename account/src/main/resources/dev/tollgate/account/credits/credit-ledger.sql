-- Tollgate credit ledger: purchased credits per account, and the idempotency keys of charges.
--
-- Runs unchanged on PostgreSQL and H2. JdbcCreditLedger.createSchemaIfMissing() runs this file with
-- the configured table name in place of tollgate_credit_balances (the keys table keeps its suffix:
-- <table>_charges); to manage the schema yourself, copy it and rename the tables the same way.
-- The CHECK is a second line of defence: the conditional UPDATE already refuses overdrafts.
CREATE TABLE IF NOT EXISTS tollgate_credit_balances (
  account_id VARCHAR(255) NOT NULL PRIMARY KEY,
  balance BIGINT NOT NULL CHECK (balance >= 0)
);
-- One row per accepted charge that carried an idempotency key.
CREATE TABLE IF NOT EXISTS tollgate_credit_balances_charges (
  account_id VARCHAR(255) NOT NULL,
  idempotency_key VARCHAR(128) NOT NULL,
  balance_after BIGINT NOT NULL,
  PRIMARY KEY (account_id, idempotency_key)
);
