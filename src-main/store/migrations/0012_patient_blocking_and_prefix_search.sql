DROP INDEX `patients_name_keys`;--> statement-breakpoint
CREATE INDEX `patients_name_keys_dob` ON `patients` (`last_name_key`,`first_name_key`,`date_of_birth`);--> statement-breakpoint
-- Patient search at a million patients (decision 0311): the name index gains prefix
-- indexes for the first one to four letters, so a typed prefix reads one stored
-- list instead of merging every word that starts with it. The indexed names are
-- copied as they are (they were folded in the app when written), rowids included.
CREATE VIRTUAL TABLE `patients_fts_prefixed` USING fts5(patient_id UNINDEXED, name, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4');
--> statement-breakpoint
INSERT INTO `patients_fts_prefixed` (rowid, patient_id, name) SELECT rowid, patient_id, name FROM `patients_fts`;
--> statement-breakpoint
DROP TABLE `patients_fts`;
--> statement-breakpoint
ALTER TABLE `patients_fts_prefixed` RENAME TO `patients_fts`;
