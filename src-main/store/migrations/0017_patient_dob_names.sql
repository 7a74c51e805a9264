-- Duplicate checks at a million patients (decision 0330): the date-of-birth index also
-- holds the names and the merged flag, so the patients born on a probe's date (or a
-- likely mistyping of it) are scored from the index, and only the few that can match
-- are read whole. It replaces the date-only index; date lookups still use it.
DROP INDEX `patients_dob`;--> statement-breakpoint
CREATE INDEX `patients_dob_names` ON `patients` (`date_of_birth`,`last_name`,`first_name`,`preferred_name`,`merged_into`);