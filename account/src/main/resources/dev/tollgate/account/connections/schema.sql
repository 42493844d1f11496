-- Tollgate connected apps: one row per (account, OAuth client) that has used the account.
--
-- Runs unchanged on PostgreSQL and H2. JdbcConnectionStore.createSchemaIfMissing() runs this file
-- with the configured table name in place of tollgate_connection; to manage the schema yourself
-- (Flyway, Liquibase, a DBA), copy it and rename the table the same way.
--
--   account_id     the account; 255 characters is ConnectedClient.MAX_ACCOUNT_ID_LENGTH.
--   client_id      the OAuth client_id; 255 characters is ConnectedClient.MAX_CLIENT_ID_LENGTH.
--                  (account_id, client_id) is the primary key, so listing an account's clients
--                  is an index range scan and concurrent first uses cannot make two rows.
--   first_used_at  when the client's first request for the account was recorded.
--   last_used_at   when its latest one was; written at a throttled rate (ConnectionRecorder).
--   scopes         the union of the scopes seen, sorted and space-separated (RFC 6749 section
--                  3.3); at most 4000 characters (ScopeUnion.MAX_JOINED_LENGTH). Updated by
--                  compare-and-set on its previous value, so racing nodes lose no scope.
CREATE TABLE IF NOT EXISTS tollgate_connection (
  account_id    VARCHAR(255)             NOT NULL,
  client_id     VARCHAR(255)             NOT NULL,
  first_used_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  scopes        VARCHAR(4000)            NOT NULL,
  PRIMARY KEY (account_id, client_id)
);
