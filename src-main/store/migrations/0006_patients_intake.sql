CREATE TABLE `intake_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`subject` text NOT NULL,
	`data` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `patient_consents` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`kind` text NOT NULL,
	`given` integer NOT NULL,
	`date` text,
	`release_to` text,
	`release_what` text,
	`expires` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_consents_patient` ON `patient_consents` (`patient_id`);--> statement-breakpoint
CREATE TABLE `patient_coverages` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`rank` text NOT NULL,
	`payer` text NOT NULL,
	`plan` text,
	`member_id` text NOT NULL,
	`group_number` text,
	`subscriber_name` text,
	`subscriber_relationship` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_coverages_patient` ON `patient_coverages` (`patient_id`);--> statement-breakpoint
CREATE INDEX `patient_coverages_member` ON `patient_coverages` (`member_id`);--> statement-breakpoint
CREATE TABLE `patient_duplicate_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`candidate_ids` text NOT NULL,
	`reason` text NOT NULL,
	`user_id` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_duplicate_overrides_patient` ON `patient_duplicate_overrides` (`patient_id`);--> statement-breakpoint
CREATE TABLE `patient_flagged_needs` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`domain` text NOT NULL,
	`reason` text NOT NULL,
	`flagged_at` text NOT NULL,
	`resolved_at` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_flagged_needs_patient` ON `patient_flagged_needs` (`patient_id`);--> statement-breakpoint
CREATE INDEX `patient_flagged_needs_domain` ON `patient_flagged_needs` (`domain`);--> statement-breakpoint
CREATE TABLE `patient_merges` (
	`id` text PRIMARY KEY NOT NULL,
	`survivor_id` text NOT NULL,
	`merged_id` text NOT NULL,
	`reason` text NOT NULL,
	`repointed` text NOT NULL,
	`merged_by` text NOT NULL,
	`merged_at` text NOT NULL,
	`undone_by` text,
	`undone_at` text,
	FOREIGN KEY (`survivor_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merged_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_merges_survivor` ON `patient_merges` (`survivor_id`);--> statement-breakpoint
CREATE INDEX `patient_merges_merged` ON `patient_merges` (`merged_id`);--> statement-breakpoint
CREATE TABLE `patient_people` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`relationship` text,
	`phone` text NOT NULL,
	`may_receive_health_info` integer NOT NULL,
	`kind` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_people_patient` ON `patient_people` (`patient_id`);--> statement-breakpoint
CREATE TABLE `patient_phones` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`slot` integer NOT NULL,
	`number` text NOT NULL,
	`type` text NOT NULL,
	`text_ok` integer NOT NULL,
	`voicemail_ok` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_phones_patient` ON `patient_phones` (`patient_id`);--> statement-breakpoint
CREATE INDEX `patient_phones_number` ON `patient_phones` (`number`);--> statement-breakpoint
CREATE TABLE `patient_social_need_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patient_social_need_answers_patient` ON `patient_social_need_answers` (`patient_id`);--> statement-breakpoint
ALTER TABLE `patients` ADD `middle_name` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `preferred_name` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `sex_at_birth` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `gender_identity` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `pronouns` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `email` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `address_line1` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `address_line2` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `city` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `state` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `postal_code` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `preferred_contact_method` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `preferred_contact_times` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `preferred_language` text DEFAULT 'English' NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `interpreter_needed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `primary_care_provider` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `referral_source` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `reason_for_contact` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `accessibility_needs` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `transport_needs` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `first_name_key` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `last_name_key` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `merged_into` text;--> statement-breakpoint
CREATE INDEX `patients_name_keys` ON `patients` (`last_name_key`,`first_name_key`);--> statement-breakpoint
CREATE INDEX `patients_postal_code` ON `patients` (`postal_code`,`address_line1`);--> statement-breakpoint
CREATE INDEX `patients_merged_into` ON `patients` (`merged_into`);