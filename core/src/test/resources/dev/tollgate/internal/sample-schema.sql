-- A schema naming the default table sample_table, a derived table and index, and names that only
-- look alike (sample_tablex, other_sample_table), which must stay as they are.
CREATE TABLE IF NOT EXISTS sample_table (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  at TIMESTAMP WITH TIME ZONE
);
CREATE TABLE IF NOT EXISTS sample_table_log (id VARCHAR(64) NOT NULL);
CREATE INDEX IF NOT EXISTS sample_table_log_id ON sample_table_log (id);
