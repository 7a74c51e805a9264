-- Indexes every patient write paid for and nothing reads (decision 0030): the outbox's
-- change_id (the hub keys results on it; nothing here looks a change up by it), coverage
-- by member id, flagged needs by domain. merged_into keeps only merged records, so a new
-- patient writes no entry; merge.ts's `merged_into = ?` still uses it.
DROP INDEX IF EXISTS `outbox_change_id_unique`;--> statement-breakpoint
DROP INDEX IF EXISTS `patient_coverages_member`;--> statement-breakpoint
DROP INDEX IF EXISTS `patient_flagged_needs_domain`;--> statement-breakpoint
DROP INDEX IF EXISTS `patients_merged_into`;--> statement-breakpoint
CREATE INDEX `patients_merged_into` ON `patients` (`merged_into`) WHERE merged_into IS NOT NULL;