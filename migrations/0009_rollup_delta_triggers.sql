-- Rollups through delta tables (see schema/rollups.ts): the triggers on story and story_answer
-- append their changes to story_rollup_delta and answer_rollup_delta instead of upserting
-- story_rollup_day and answer_rollup_day (and, through its trigger, answer_rollup_month) in the
-- writing transaction. rollup_compact() folds the deltas into the daily rollups; reads add the
-- deltas not yet folded, so every count stays exact while writes share no rollup rows.
CREATE OR REPLACE FUNCTION story_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO story_rollup_delta (organisation_id, day, collection_id, channel, teller_kind, team_id, stories)
  SELECT organisation_id, (received_at AT TIME ZONE 'Europe/Amsterdam')::date, collection_id, channel, teller_kind, team_id, count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION story_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO story_rollup_delta (organisation_id, day, collection_id, channel, teller_kind, team_id, stories)
  SELECT organisation_id, (received_at AT TIME ZONE 'Europe/Amsterdam')::date, collection_id, channel, teller_kind, team_id, -count(*)
  FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION answer_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The stories of these answers are visible here even when both were written by one statement.
  INSERT INTO answer_rollup_delta (organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n)
  SELECT s.organisation_id, (s.received_at AT TIME ZONE 'Europe/Amsterdam')::date, s.collection_id, s.channel, s.teller_kind, s.team_id, a.question_id,
         dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1), count(*)
  FROM new_rows a JOIN story s ON s.id = a.story_id
  WHERE dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Answers deleted on their own (their story stays). When a story is deleted its answers go by
-- cascade after the story row is gone (the join finds nothing); story_answer_rollup_forget
-- counts those out before.
CREATE OR REPLACE FUNCTION answer_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_rollup_delta (organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n)
  SELECT s.organisation_id, (s.received_at AT TIME ZONE 'Europe/Amsterdam')::date, s.collection_id, s.channel, s.teller_kind, s.team_id, a.question_id,
         dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1), -count(*)
  FROM old_rows a JOIN story s ON s.id = a.story_id
  WHERE dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION story_answer_rollup_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_rollup_delta (organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n)
  SELECT OLD.organisation_id, (OLD.received_at AT TIME ZONE 'Europe/Amsterdam')::date, OLD.collection_id, OLD.channel, OLD.teller_kind, OLD.team_id, a.question_id,
         dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1), -count(*)
  FROM story_answer a WHERE a.story_id = OLD.id AND dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) IS NOT NULL
  GROUP BY a.question_id, 8;
  RETURN OLD;
END $$;
--> statement-breakpoint
-- Folds every delta present into the daily rollups (answer_rollup_day's trigger carries each
-- change on to answer_rollup_month), one statement per table: a read sees a change either as a
-- delta or in the rollup, never both and never neither. Concurrent calls are safe: a delta row
-- deleted by one is skipped by the other, and upserts go in key order. Deltas of collections
-- deleted meanwhile are dropped. Returns how many delta rows it took.
CREATE FUNCTION rollup_compact() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  stories_taken integer;
  answers_taken integer;
  orgs uuid[];
  days date[];
BEGIN
  WITH d AS (DELETE FROM story_rollup_delta RETURNING *),
  folded AS (
    INSERT INTO story_rollup_day AS r (organisation_id, day, collection_id, channel, teller_kind, team_id, stories)
    SELECT d.organisation_id, d.day, d.collection_id, d.channel, d.teller_kind, d.team_id, sum(d.stories)
    FROM d JOIN collection c ON c.id = d.collection_id
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.stories) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT story_rollup_day_key DO UPDATE SET stories = r.stories + excluded.stories
  )
  SELECT count(*), array_agg(DISTINCT organisation_id) FILTER (WHERE stories < 0), array_agg(DISTINCT day) FILTER (WHERE stories < 0)
  INTO stories_taken, orgs, days FROM d;
  -- Rows brought to zero by deletions go.
  IF orgs IS NOT NULL THEN
    DELETE FROM story_rollup_day WHERE organisation_id = ANY (orgs) AND day = ANY (days) AND stories <= 0;
  END IF;

  WITH d AS (DELETE FROM answer_rollup_delta RETURNING *),
  folded AS (
    INSERT INTO answer_rollup_day AS r (organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n)
    SELECT d.organisation_id, d.day, d.collection_id, d.channel, d.teller_kind, d.team_id, d.question_id, d.key, sum(d.n)
    FROM d JOIN collection c ON c.id = d.collection_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT answer_rollup_day_key DO UPDATE SET n = r.n + excluded.n
  )
  SELECT count(*), array_agg(DISTINCT organisation_id) FILTER (WHERE n < 0), array_agg(DISTINCT day) FILTER (WHERE n < 0)
  INTO answers_taken, orgs, days FROM d;
  -- (the daily trigger takes removed rows off their month too)
  IF orgs IS NOT NULL THEN
    DELETE FROM answer_rollup_day WHERE organisation_id = ANY (orgs) AND day = ANY (days) AND n <= 0;
  END IF;
  RETURN stories_taken + answers_taken;
END $$;
