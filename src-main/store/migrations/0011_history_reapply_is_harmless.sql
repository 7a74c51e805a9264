-- History stays append-only, but writing a row again exactly as it is (sync applying
-- a change it already holds, a replayed pull page) is no longer an error: the
-- triggers now refuse only an UPDATE that changes something.
DROP TRIGGER `call_log_entries_no_update`;
--> statement-breakpoint
CREATE TRIGGER `call_log_entries_no_update` BEFORE UPDATE ON `call_log_entries`
  WHEN old.`direction` IS NOT new.`direction` OR old.`phone` IS NOT new.`phone` OR old.`patient_id` IS NOT new.`patient_id` OR old.`caller_kind` IS NOT new.`caller_kind` OR old.`caller_name` IS NOT new.`caller_name` OR old.`reason` IS NOT new.`reason` OR old.`outcome` IS NOT new.`outcome` OR old.`notes` IS NOT new.`notes` OR old.`started_at` IS NOT new.`started_at` OR old.`ended_at` IS NOT new.`ended_at` OR old.`duration_seconds` IS NOT new.`duration_seconds` OR old.`appointment_id` IS NOT new.`appointment_id` OR old.`referral_id` IS NOT new.`referral_id` OR old.`follow_up_due` IS NOT new.`follow_up_due` OR old.`coordinator_id` IS NOT new.`coordinator_id` OR old.`coordinator_name` IS NOT new.`coordinator_name` OR old.`created_at` IS NOT new.`created_at` OR old.`id` IS NOT new.`id`
BEGIN
  SELECT RAISE(ABORT, 'Call log entries are append-only: add an addendum to correct one');
END;
--> statement-breakpoint
DROP TRIGGER `call_log_addenda_no_update`;
--> statement-breakpoint
CREATE TRIGGER `call_log_addenda_no_update` BEFORE UPDATE ON `call_log_addenda`
  WHEN old.`call_id` IS NOT new.`call_id` OR old.`text` IS NOT new.`text` OR old.`author_id` IS NOT new.`author_id` OR old.`author_name` IS NOT new.`author_name` OR old.`at` IS NOT new.`at` OR old.`id` IS NOT new.`id`
BEGIN
  SELECT RAISE(ABORT, 'Addenda are append-only: add another addendum to correct one');
END;
--> statement-breakpoint
DROP TRIGGER `task_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `task_events_no_update` BEFORE UPDATE ON `task_events`
  WHEN old.`task_id` IS NOT new.`task_id` OR old.`action` IS NOT new.`action` OR old.`detail` IS NOT new.`detail` OR old.`actor_id` IS NOT new.`actor_id` OR old.`actor_name` IS NOT new.`actor_name` OR old.`at` IS NOT new.`at` OR old.`id` IS NOT new.`id`
BEGIN
  SELECT RAISE(ABORT, 'Task history is append-only');
END;
