-- The outbox_base_cursor trigger (0008) filled base_cursor for a writer that left it
-- NULL. The only writer, Store.recordChange, fills it itself, yet the trigger's mere
-- presence cost about 15 µs of CPU per change (an AFTER trigger runs a sub-program for
-- every row even when its WHEN is false): a quarter of a bulk insert (decision 0007).
-- The sync engine still reads a NULL base_cursor as 0.
DROP TRIGGER IF EXISTS `outbox_base_cursor`;
