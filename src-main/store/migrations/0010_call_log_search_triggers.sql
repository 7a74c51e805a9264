-- Quick search rows are written by the store itself, whoever inserts a call or an
-- addendum (this workstation or sync): a call's row has the call's own rowid, an
-- addendum's row has its rowid plus 2^50 (see CallService). The rows written before
-- this migration are rebuilt the same way.
DELETE FROM `call_log_fts`;
--> statement-breakpoint
INSERT INTO `call_log_fts` (rowid, call_id, body)
  SELECT rowid, id, caller_name || ' ' || notes || ' ' || coalesce(replace(phone, '+', ''), '') FROM `call_log_entries`;
--> statement-breakpoint
INSERT INTO `call_log_fts` (rowid, call_id, body)
  SELECT rowid + 1125899906842624, call_id, text FROM `call_log_addenda`;
--> statement-breakpoint
CREATE TRIGGER `call_log_entries_search` AFTER INSERT ON `call_log_entries`
BEGIN
  INSERT INTO `call_log_fts` (rowid, call_id, body)
    VALUES (new.rowid, new.id, new.caller_name || ' ' || new.notes || ' ' || coalesce(replace(new.phone, '+', ''), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `call_log_addenda_search` AFTER INSERT ON `call_log_addenda`
BEGIN
  INSERT INTO `call_log_fts` (rowid, call_id, body) VALUES (new.rowid + 1125899906842624, new.call_id, new.text);
END;
