CREATE TABLE `appointment_types` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`modality` text NOT NULL,
	`allowed_provider_ids` text NOT NULL,
	`required_resource_ids` text NOT NULL,
	`buffer_minutes` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`type_id` text NOT NULL,
	`location_id` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`status` text NOT NULL,
	`hub_state` text NOT NULL,
	`reason` text NOT NULL,
	`notes` text NOT NULL,
	`telehealth_url` text,
	`interpreter_needed` integer NOT NULL,
	`language` text NOT NULL,
	`transport_needed` integer NOT NULL,
	`resource_ids` text NOT NULL,
	`series_id` text,
	`cancel_reason` text,
	`override_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `appointments_provider_time` ON `appointments` (`provider_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_patient_time` ON `appointments` (`patient_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_time` ON `appointments` (`starts_at`);--> statement-breakpoint
CREATE TABLE `availability_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`provider_id` text NOT NULL,
	`location_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`modalities` text NOT NULL,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `availability_templates_provider` ON `availability_templates` (`provider_id`);--> statement-breakpoint
CREATE TABLE `locations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`telehealth_link_template` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`specialties` text NOT NULL,
	`languages` text NOT NULL,
	`payers` text NOT NULL,
	`location_ids` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `resources` (
	`id` text PRIMARY KEY NOT NULL,
	`location_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `schedule_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`provider_id` text,
	`location_id` text,
	`kind` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `schedule_exceptions_time` ON `schedule_exceptions` (`starts_at`,`ends_at`);--> statement-breakpoint
CREATE TABLE `waitlist_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`type_id` text NOT NULL,
	`provider_ids` text NOT NULL,
	`earliest_date` text NOT NULL,
	`latest_date` text NOT NULL,
	`notes` text NOT NULL,
	`state` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `waitlist_entries_type` ON `waitlist_entries` (`type_id`,`state`);