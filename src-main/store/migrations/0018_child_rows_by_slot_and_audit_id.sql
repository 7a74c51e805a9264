-- Indexes every intake save wrote and nothing needs (decision 0030): a patient's phones,
-- coverages, social-need answers and flagged needs are one range of their primary key
-- (`<patient id>/<slot>`, loadChildRows), and audit entries are read by seq, never by id.
-- IF EXISTS: a first sync cut off on an older version rebuilds its deferred indexes first.
DROP INDEX IF EXISTS `audit_events_id_unique`;--> statement-breakpoint
DROP INDEX IF EXISTS `patient_coverages_patient`;--> statement-breakpoint
DROP INDEX IF EXISTS `patient_flagged_needs_patient`;--> statement-breakpoint
DROP INDEX IF EXISTS `patient_phones_patient`;--> statement-breakpoint
DROP INDEX IF EXISTS `patient_social_need_answers_patient`;