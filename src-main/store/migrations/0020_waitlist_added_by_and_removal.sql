ALTER TABLE `waitlist_entries` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `waitlist_entries` ADD `removed_reason` text;