-- Patient name search: accent- and case-insensitive prefix matching, ranked by bm25.
-- Drizzle does not model virtual tables, so this index is written by hand; rows are
-- kept in step by the patients table's write functions.
CREATE VIRTUAL TABLE `patients_fts` USING fts5(patient_id UNINDEXED, name, tokenize = 'unicode61 remove_diacritics 2');
