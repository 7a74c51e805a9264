CREATE TABLE `call_log_addenda` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`text` text NOT NULL,
	`author_id` text NOT NULL,
	`author_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `call_log_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_log_addenda_call` ON `call_log_addenda` (`call_id`,`at`);--> statement-breakpoint
CREATE TABLE `call_log_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`direction` text NOT NULL,
	`phone` text,
	`patient_id` text,
	`caller_kind` text NOT NULL,
	`caller_name` text NOT NULL,
	`reason` text NOT NULL,
	`outcome` text NOT NULL,
	`notes` text NOT NULL,
	`started_at` text NOT NULL,
	`ended_at` text NOT NULL,
	`duration_seconds` integer NOT NULL,
	`appointment_id` text,
	`referral_id` text,
	`follow_up_due` text,
	`coordinator_id` text NOT NULL,
	`coordinator_name` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `call_log_started` ON `call_log_entries` (`started_at`);--> statement-breakpoint
CREATE INDEX `call_log_patient` ON `call_log_entries` (`patient_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `call_log_coordinator` ON `call_log_entries` (`coordinator_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `call_log_phone` ON `call_log_entries` (`phone`);--> statement-breakpoint
CREATE TABLE `task_events` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`action` text NOT NULL,
	`detail` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_events_task` ON `task_events` (`task_id`,`at`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`patient_id` text,
	`assignee_user_id` text,
	`assignee_name` text,
	`assignee_pool` text,
	`due_at` text NOT NULL,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`source_kind` text,
	`source_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tasks_status_due` ON `tasks` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_assignee_due` ON `tasks` (`assignee_user_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_pool_due` ON `tasks` (`assignee_pool`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `tasks_patient` ON `tasks` (`patient_id`);--> statement-breakpoint
CREATE INDEX `tasks_source` ON `tasks` (`source_kind`,`source_id`);