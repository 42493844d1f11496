-- A script with a comment line, an indented comment line and two statements.
CREATE TABLE first_table (
  id BIGINT NOT NULL
);
  -- indented comment; with a semicolon
CREATE TABLE second_table (id BIGINT);

