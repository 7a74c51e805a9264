CREATE TABLE `user_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`verifier` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`disabled_at` text,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`first_failed_at` integer,
	`locked_until` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_accounts_username_unique` ON `user_accounts` (`username`);--> statement-breakpoint
CREATE INDEX `audit_events_username` ON `audit_events` (`username`);--> statement-breakpoint
CREATE INDEX `audit_events_action` ON `audit_events` (`action`);