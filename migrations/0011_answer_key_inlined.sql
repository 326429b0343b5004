-- dashboard_answer_key as PostgreSQL can inline it. `'b' || <int>` resolves to textanycat, which
-- is STABLE, so the IMMUTABLE function was called once per row (about 14 µs) instead of being
-- expanded into the query: in every rollup trigger on each story write, in rollup_compact and in
-- the dashboard's raw reads. Explicit casts to text use textcat (IMMUTABLE). The keys are the
-- same text as before.
CREATE OR REPLACE FUNCTION dashboard_answer_key(kind text, not_applicable boolean, option_id text, v1 double precision) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN not_applicable THEN 'na'
    WHEN kind IN ('singleChoice', 'multipleChoice') THEN option_id
    WHEN kind = 'dyad' THEN 'b' || (least(19, greatest(0, floor(v1 * 20)))::int)::text
    WHEN kind = 'scale' THEN 'v' || v1::text
  END
$$;
