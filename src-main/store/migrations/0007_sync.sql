CREATE TABLE `sync_parked` (
	`seq` integer PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`op` text NOT NULL,
	`fields` text NOT NULL,
	`hlc` text
);
--> statement-breakpoint
CREATE TABLE `sync_review` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`patient_ids` text NOT NULL,
	`details` text NOT NULL,
	`reason` text,
	`assigned_user_id` text,
	`created_at` text NOT NULL,
	`resolved_at` text,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_review_open` ON `sync_review` (`resolved_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_url` text NOT NULL,
	`device_id` text,
	`device_secret` text,
	`organization_id` text,
	`epoch` text,
	`cursor` integer DEFAULT 0 NOT NULL,
	`next_batch_seq` integer DEFAULT 1 NOT NULL,
	`inflight_to_seq` integer,
	`token` text,
	`token_expires_at` text,
	`user_id` text,
	`high_water` integer DEFAULT 0 NOT NULL,
	`last_success_at` text,
	`last_error` text
);
