-- No provider is ever double-booked: two active appointments of one provider in one
-- organization may not overlap in time. Checked by PostgreSQL itself, so it holds
-- whatever the workstations believed while offline and however many hubs run.
-- btree_gist lets the GiST index compare the plain columns with `=`.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_no_double_booking"
  EXCLUDE USING gist (
    "org_id" WITH =,
    "provider_id" WITH =,
    tstzrange("starts_at", "ends_at", '[)') WITH &&
  ) WHERE ("status" NOT IN ('cancelled', 'rejected'));
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_ends_after_start" CHECK ("ends_at" > "starts_at");
