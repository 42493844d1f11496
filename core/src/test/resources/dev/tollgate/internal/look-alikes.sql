-- Names that contain the default name but are other identifiers.
SELECT sample_tablex, other_sample_table, s.sample_table, sample_table$ FROM sample_table;
SELECT 1 FROM sample_table_log;
