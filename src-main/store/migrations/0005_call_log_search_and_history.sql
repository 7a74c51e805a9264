-- Call log quick search: caller names, notes, phone digits and addenda, accent- and
-- case-insensitive prefix matching. Drizzle does not model virtual tables; rows are
-- added by the call log's write functions (append-only, so never updated).
CREATE VIRTUAL TABLE `call_log_fts` USING fts5(call_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
-- Call entries, their addenda and task history are legal history: the store refuses
-- to edit or delete them. A correction is a new addendum row.
CREATE TRIGGER `call_log_entries_no_update` BEFORE UPDATE ON `call_log_entries`
BEGIN
  SELECT RAISE(ABORT, 'Call log entries are append-only: add an addendum to correct one');
END;
--> statement-breakpoint
CREATE TRIGGER `call_log_entries_no_delete` BEFORE DELETE ON `call_log_entries`
BEGIN
  SELECT RAISE(ABORT, 'Call log entries are append-only: they cannot be removed');
END;
--> statement-breakpoint
CREATE TRIGGER `call_log_addenda_no_update` BEFORE UPDATE ON `call_log_addenda`
BEGIN
  SELECT RAISE(ABORT, 'Addenda are append-only: add another addendum to correct one');
END;
--> statement-breakpoint
CREATE TRIGGER `call_log_addenda_no_delete` BEFORE DELETE ON `call_log_addenda`
BEGIN
  SELECT RAISE(ABORT, 'Addenda are append-only: they cannot be removed');
END;
--> statement-breakpoint
CREATE TRIGGER `task_events_no_update` BEFORE UPDATE ON `task_events`
BEGIN
  SELECT RAISE(ABORT, 'Task history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `task_events_no_delete` BEFORE DELETE ON `task_events`
BEGIN
  SELECT RAISE(ABORT, 'Task history is append-only');
END;
