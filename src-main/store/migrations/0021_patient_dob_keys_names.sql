-- One index for both date-of-birth blocking keys of a duplicate check (decision 0034): the
-- date with the names scoring reads (decision 0330) and the phonetic name keys probed with a
-- date a digit off (decision 0311), where there were two indexes, each a random write (and a
-- page encrypted at commit) per new patient. IF EXISTS: a first sync cut off on an older
-- version rebuilds its deferred indexes before migrating (decision 0140).
DROP INDEX IF EXISTS `patients_dob_names`;--> statement-breakpoint
DROP INDEX IF EXISTS `patients_name_keys_dob`;--> statement-breakpoint
CREATE INDEX `patients_dob_keys_names` ON `patients` (`date_of_birth`,`last_name_key`,`first_name_key`,`last_name`,`first_name`,`preferred_name`,`merged_into`);
