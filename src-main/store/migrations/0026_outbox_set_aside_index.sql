-- The unsent entries are a range of the primary key after the last acknowledgement (`UNSENT`,
-- decision 0136), so `outbox_unsent` (sent_at, seq) served no read the key does not, and every
-- new entry wrote an entry in it (decision 0046). Only entries set aside (or marked by versions
-- before 0136) have `sent_at`: retention and "send everything again" find them in a partial
-- index that a new entry does not touch. IF EXISTS: a first sync cut off on an older version
-- rebuilds its deferred indexes before migrating (decision 0140).
DROP INDEX IF EXISTS `outbox_unsent`;--> statement-breakpoint
CREATE INDEX `outbox_set_aside` ON `outbox` (`sent_at`) WHERE "outbox"."sent_at" IS NOT NULL;
