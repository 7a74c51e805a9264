-- Row fields, field stamps, stored batch answers and audit events are written on every push and
-- read back whole, never searched inside (decision 0114): json keeps the text as sent, where jsonb
-- rebuilt and re-encoded every value on the way in and again on the way out.
ALTER TABLE "audit_trail" ALTER COLUMN "fields" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "batches" ALTER COLUMN "change_ids" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "batches" ALTER COLUMN "response" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "records" ALTER COLUMN "fields" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "records" ALTER COLUMN "field_stamps" SET DATA TYPE json;