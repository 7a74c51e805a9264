-- The audit is append-only: the store refuses to edit or delete an entry. Someone
-- holding the key can drop these triggers; the hash chain (npm run audit:verify)
-- is what catches that.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'The audit is append-only: entries cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'The audit is append-only: entries cannot be removed');
END;
