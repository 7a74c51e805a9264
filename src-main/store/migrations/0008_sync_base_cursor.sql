-- The hub sequence this workstation had pulled up to when each change was made
-- (the change's `baseCursor` on the wire): the hub uses it to tell an edit that
-- saw another workstation's write from one made concurrently with it.
-- A trigger fills it so every table's write function stays as it is. The column is
-- not in the drizzle schema; src-main/sync reads it with SQL.
ALTER TABLE `outbox` ADD `base_cursor` integer;
--> statement-breakpoint
CREATE TRIGGER `outbox_base_cursor` AFTER INSERT ON `outbox` FOR EACH ROW WHEN NEW.base_cursor IS NULL
BEGIN
  UPDATE `outbox` SET `base_cursor` = COALESCE((SELECT `cursor` FROM `sync_state` WHERE `id` = 1), 0)
  WHERE `seq` = NEW.seq;
END;
