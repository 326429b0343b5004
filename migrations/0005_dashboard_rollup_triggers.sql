-- Keeps the dashboard rollups (packages/db/src/schema/rollups.ts) current in the same
-- transaction as every story write, whatever the path (API, batcher, seed, import, SQL).
-- Statement-level triggers with transition tables: a batch of stories costs one upsert per
-- group, not one per story. Rows are upserted in key order so concurrent batches lock them in
-- the same order (no deadlocks). Days are organisation-local (Europe/Amsterdam).
CREATE FUNCTION dashboard_answer_key(kind text, not_applicable boolean, option_id text, v1 double precision) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN not_applicable THEN 'na'
    WHEN kind IN ('singleChoice', 'multipleChoice') THEN option_id
    WHEN kind = 'dyad' THEN 'b' || least(19, greatest(0, floor(v1 * 20)))::int
    WHEN kind = 'scale' THEN 'v' || v1::text
  END
$$;
--> statement-breakpoint
CREATE FUNCTION story_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO story_rollup_day AS r (organisation_id, day, collection_id, channel, teller_kind, team_id, stories)
  SELECT organisation_id, (received_at AT TIME ZONE 'Europe/Amsterdam')::date, collection_id, channel, teller_kind, team_id, count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT story_rollup_day_key DO UPDATE SET stories = r.stories + excluded.stories;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION story_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE story_rollup_day r SET stories = r.stories - d.n
  FROM (SELECT organisation_id, (received_at AT TIME ZONE 'Europe/Amsterdam')::date AS day, collection_id, channel, teller_kind, team_id, count(*) AS n
        FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6) d
  WHERE r.organisation_id = d.organisation_id AND r.day = d.day AND r.collection_id = d.collection_id AND r.channel = d.channel
    AND r.teller_kind = d.teller_kind AND r.team_id IS NOT DISTINCT FROM d.team_id;
  DELETE FROM story_rollup_day WHERE organisation_id IN (SELECT DISTINCT organisation_id FROM old_rows) AND stories <= 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION answer_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The stories of these answers are visible here even when both were written by one statement.
  INSERT INTO answer_rollup_day AS r (organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n)
  SELECT s.organisation_id, (s.received_at AT TIME ZONE 'Europe/Amsterdam')::date, s.collection_id, s.channel, s.teller_kind, s.team_id, a.question_id,
         dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1), count(*)
  FROM new_rows a JOIN story s ON s.id = a.story_id
  WHERE dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ON CONSTRAINT answer_rollup_day_key DO UPDATE SET n = r.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Answers deleted on their own (their story stays). When a story is deleted its answers go by
-- cascade after the story row is gone; story_answer_rollup_forget (below) counts those out.
CREATE FUNCTION answer_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE answer_rollup_day r SET n = r.n - d.n
  FROM (SELECT s.organisation_id, (s.received_at AT TIME ZONE 'Europe/Amsterdam')::date AS day, s.collection_id, s.channel, s.teller_kind, s.team_id, a.question_id,
               dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) AS key, count(*) AS n
        FROM old_rows a JOIN story s ON s.id = a.story_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) d
  WHERE r.organisation_id = d.organisation_id AND r.day = d.day AND r.collection_id = d.collection_id AND r.channel = d.channel
    AND r.teller_kind = d.teller_kind AND r.team_id IS NOT DISTINCT FROM d.team_id AND r.question_id = d.question_id AND r.key = d.key;
  DELETE FROM answer_rollup_day WHERE organisation_id IN (SELECT DISTINCT organisation_id FROM old_rows) AND n <= 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION story_answer_rollup_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE answer_rollup_day r SET n = r.n - d.n
  FROM (SELECT a.question_id, dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) AS key, count(*) AS n
        FROM story_answer a WHERE a.story_id = OLD.id GROUP BY 1, 2) d
  WHERE r.organisation_id = OLD.organisation_id AND r.day = (OLD.received_at AT TIME ZONE 'Europe/Amsterdam')::date AND r.collection_id = OLD.collection_id
    AND r.channel = OLD.channel AND r.teller_kind = OLD.teller_kind AND r.team_id IS NOT DISTINCT FROM OLD.team_id
    AND r.question_id = d.question_id AND r.key = d.key;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER story_rollup_insert AFTER INSERT ON story REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION story_rollup_insert();
--> statement-breakpoint
CREATE TRIGGER story_rollup_delete AFTER DELETE ON story REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION story_rollup_delete();
--> statement-breakpoint
CREATE TRIGGER story_answer_rollup_forget BEFORE DELETE ON story FOR EACH ROW EXECUTE FUNCTION story_answer_rollup_forget();
--> statement-breakpoint
CREATE TRIGGER answer_rollup_insert AFTER INSERT ON story_answer REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_rollup_insert();
--> statement-breakpoint
CREATE TRIGGER answer_rollup_delete AFTER DELETE ON story_answer REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_rollup_delete();
--> statement-breakpoint
-- Stories stored before this migration, in (organisation, day) order: a period's rows then sit
-- in few pages, as they do when stories arrive day by day.
INSERT INTO story_rollup_day (organisation_id, day, collection_id, channel, teller_kind, team_id, stories)
SELECT organisation_id, (received_at AT TIME ZONE 'Europe/Amsterdam')::date, collection_id, channel, teller_kind, team_id, count(*)
FROM story GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2;
--> statement-breakpoint
INSERT INTO answer_rollup_day (organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n)
SELECT s.organisation_id, (s.received_at AT TIME ZONE 'Europe/Amsterdam')::date, s.collection_id, s.channel, s.teller_kind, s.team_id, a.question_id,
       dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1), count(*)
FROM story_answer a JOIN story s ON s.id = a.story_id
WHERE dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2;
