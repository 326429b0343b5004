-- A published framework version is immutable: stories point at it and their answers are only
-- meaningful against the exact questions they answered. Enforced here as well as in the
-- repository, so no code path (or manual SQL) can change one by accident.
CREATE FUNCTION framework_version_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'framework version % is published and cannot be changed', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER framework_version_immutable
  BEFORE UPDATE ON framework_version
  FOR EACH ROW EXECUTE FUNCTION framework_version_immutable();
