-- Keeps answer_rollup_month equal to the sum of answer_rollup_day per calendar month: every
-- change of a daily row (insert, the increment of ON CONFLICT DO UPDATE, a decrement, a delete,
-- also by cascade) is applied to its month as a difference, so the month table follows whatever
-- writes the daily one (the 0005 triggers, a rebuild, SQL by hand). Statement-level with
-- transition tables: one upsert per month and key per statement, in key order (no deadlocks).
-- The differences travel as an array of the month table's own row type.
-- A decrease only updates an existing month row, never inserts one: when an organisation or a
-- collection is deleted, the cascade may already have removed its month rows.
CREATE FUNCTION answer_rollup_month_add(delta answer_rollup_month[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_rollup_month AS r (organisation_id, month, collection_id, channel, teller_kind, team_id, question_id, key, n)
  SELECT organisation_id, month, collection_id, channel, teller_kind, team_id, question_id, key, sum(n)
  FROM unnest(delta) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(n) > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ON CONSTRAINT answer_rollup_month_key DO UPDATE SET n = r.n + excluded.n;

  UPDATE answer_rollup_month r SET n = r.n + d.n
  FROM (SELECT organisation_id, month, collection_id, channel, teller_kind, team_id, question_id, key, sum(n) AS n
        FROM unnest(delta) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(n) < 0) d
  WHERE r.organisation_id = d.organisation_id AND r.month = d.month AND r.collection_id = d.collection_id AND r.channel = d.channel
    AND r.teller_kind = d.teller_kind AND r.team_id IS NOT DISTINCT FROM d.team_id AND r.question_id = d.question_id AND r.key = d.key;

  DELETE FROM answer_rollup_month r USING (SELECT DISTINCT organisation_id, month FROM unnest(delta) WHERE n < 0) d
  WHERE r.organisation_id = d.organisation_id AND r.month = d.month AND r.n <= 0;
END $$;
--> statement-breakpoint
CREATE FUNCTION answer_rollup_month_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM answer_rollup_month_add(array(
    SELECT row(organisation_id, date_trunc('month', day)::date, collection_id, channel, teller_kind, team_id, question_id, key, n)::answer_rollup_month FROM new_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION answer_rollup_month_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM answer_rollup_month_add(array(
    SELECT row(organisation_id, date_trunc('month', day)::date, collection_id, channel, teller_kind, team_id, question_id, key, n)::answer_rollup_month FROM new_rows
    UNION ALL
    SELECT row(organisation_id, date_trunc('month', day)::date, collection_id, channel, teller_kind, team_id, question_id, key, -n)::answer_rollup_month FROM old_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION answer_rollup_month_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM answer_rollup_month_add(array(
    SELECT row(organisation_id, date_trunc('month', day)::date, collection_id, channel, teller_kind, team_id, question_id, key, -n)::answer_rollup_month FROM old_rows));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER answer_rollup_month_insert AFTER INSERT ON answer_rollup_day REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_rollup_month_insert();
--> statement-breakpoint
CREATE TRIGGER answer_rollup_month_update AFTER UPDATE ON answer_rollup_day REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_rollup_month_update();
--> statement-breakpoint
CREATE TRIGGER answer_rollup_month_delete AFTER DELETE ON answer_rollup_day REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_rollup_month_delete();
--> statement-breakpoint
-- The months of the answers stored before this migration.
INSERT INTO answer_rollup_month (organisation_id, month, collection_id, channel, teller_kind, team_id, question_id, key, n)
SELECT organisation_id, date_trunc('month', day)::date, collection_id, channel, teller_kind, team_id, question_id, key, sum(n)
FROM answer_rollup_day GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2;
