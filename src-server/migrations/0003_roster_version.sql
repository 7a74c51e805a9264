ALTER TABLE "organizations" ADD COLUMN "roster_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every change to what a workstation mirrors of a user (decision 0150) counts on the user's
-- organization, whoever makes it (hub-admin, a future admin route, SQL by hand): the pull answer
-- carries the count, and a workstation fetches the roster only when it moved.
CREATE FUNCTION "bump_roster_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.org_id, OLD.username, OLD.display_name, OLD.role, OLD.password_hash, OLD.disabled_at)
    IS NOT DISTINCT FROM (NEW.org_id, NEW.username, NEW.display_name, NEW.role, NEW.password_hash, NEW.disabled_at) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE "organizations" SET "roster_version" = "roster_version" + 1 WHERE "id" = OLD.org_id;
  END IF;
  -- A user moved to another organization changes both rosters.
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.org_id IS DISTINCT FROM OLD.org_id) THEN
    UPDATE "organizations" SET "roster_version" = "roster_version" + 1 WHERE "id" = NEW.org_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "users_roster_version" AFTER INSERT OR UPDATE OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "bump_roster_version"();
