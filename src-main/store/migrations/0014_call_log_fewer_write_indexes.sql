-- Logging a call commits fewer pages (decision 0412). The call log filters and sorts in
-- memory (CallIndex, decision 0401), so these indexes were written by every call and read
-- by nothing. Quick-search rows are no longer written by triggers in the call's own
-- commit: CallSearchIndex (src-main/calls/search-index.ts) adds them when writes pause and
-- before every search, by rowid, for calls and addenda from this workstation or from sync.
DROP INDEX `call_log_patient`;--> statement-breakpoint
DROP INDEX `call_log_coordinator`;--> statement-breakpoint
DROP INDEX `call_log_phone`;--> statement-breakpoint
DROP TRIGGER `call_log_entries_search`;--> statement-breakpoint
DROP TRIGGER `call_log_addenda_search`;
