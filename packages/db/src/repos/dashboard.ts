import { sql, type SQL } from 'drizzle-orm';
import type { Answers, Channel, TellerKind } from '@vertelpunt/core';
import { queryRows, type DbOrTx } from '../client.ts';

/**
 * Dashboard reads. Two paths give the same numbers:
 * - filters on period and story dimensions only (collection, team, channel, teller kind) sum
 *   the rollups (schema/rollups.ts), a few hundred rows whatever the number of stories;
 * - filters on answers (a chosen option, a brushed region of a chart) read `story` and
 *   `story_answer` through their indexes.
 * Days are organisation-local (Europe/Amsterdam), as in the rollup triggers.
 */
export const DASHBOARD_TZ = 'Europe/Amsterdam';

/** Ternary projection shared with the web app: corner 1 top, corner 2 bottom left, corner 3 bottom right. */
export const TRIAD_HEIGHT = Math.sqrt(3) / 2;

export type AnswerCondition =
  | { questionId: string; kind: 'option'; optionIds: string[] }
  /** Dyad or scale value in [min, max]. */
  | { questionId: string; kind: 'range'; min: number; max: number }
  /** Triad answers whose projected point (x = w1/2 + w3, y = h(1 - w1)) lies in the rectangle. */
  | { questionId: string; kind: 'triad'; x0: number; y0: number; x1: number; y1: number }
  /** Stones: the item placed inside the rectangle (x, y in 0..1). */
  | { questionId: string; kind: 'stone'; itemId: string; x0: number; y0: number; x1: number; y1: number };

export interface DashboardFilter {
  organisationId: string;
  /** Organisation-local days, inclusive: 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
  collectionIds?: string[];
  /** Team ids; null stands for stories told without a team (kiosk). */
  teamIds?: (string | null)[];
  channels?: Channel[];
  tellerKinds?: TellerKind[];
  answers?: AnswerCondition[];
}

export type Grain = 'day' | 'week' | 'month';
const GRAIN: Record<Grain, SQL> = { day: sql.raw(`'day'`), week: sql.raw(`'week'`), month: sql.raw(`'month'`) };

/** The rollups answer every filter that does not look into answers. */
export const usesRollups = (f: DashboardFilter): boolean => !f.answers?.length;
/** Which path a read takes; `raw` on a rollup-able filter is the reference the rollups must equal. */
export type ReadPath = 'rollup' | 'raw';
const pathFor = (f: DashboardFilter, path?: ReadPath): ReadPath => (path === 'rollup' && !usesRollups(f) ? 'raw' : (path ?? (usesRollups(f) ? 'rollup' : 'raw')));

const list = (xs: readonly unknown[]) => sql.join(xs.map((x) => sql`${x}`), sql`, `);

/** Dimension conditions, for `story` (alias s) and the rollups (no alias) alike. */
function dimensionWhere(f: DashboardFilter, p: string): SQL[] {
  const col = (name: string) => sql.raw(p ? `${p}.${name}` : name);
  const where: SQL[] = [sql`${col('organisation_id')} = ${f.organisationId}`];
  if (f.collectionIds?.length) where.push(sql`${col('collection_id')} in (${list(f.collectionIds)})`);
  if (f.channels?.length) where.push(sql`${col('channel')}::text in (${list(f.channels)})`);
  if (f.tellerKinds?.length) where.push(sql`${col('teller_kind')}::text in (${list(f.tellerKinds)})`);
  if (f.teamIds?.length) {
    const ids = f.teamIds.filter((t): t is string => t !== null);
    const parts: SQL[] = [];
    if (ids.length) parts.push(sql`${col('team_id')} in (${list(ids)})`);
    if (f.teamIds.includes(null)) parts.push(sql`${col('team_id')} is null`);
    where.push(sql`(${sql.join(parts, sql` or `)})`);
  }
  return where;
}

function answerExists(c: AnswerCondition): SQL {
  let match: SQL;
  switch (c.kind) {
    case 'option':
      match = sql`a.option_id in (${list(c.optionIds)})`;
      break;
    case 'range':
      match = sql`not a.not_applicable and a.v1 between ${c.min} and ${c.max}`;
      break;
    case 'triad':
      match = sql`not a.not_applicable and (a.v1 / 2 + a.v3) between ${c.x0} and ${c.x1} and ${TRIAD_HEIGHT} * (1 - a.v1) between ${c.y0} and ${c.y1}`;
      break;
    case 'stone':
      match = sql`a.item_id = ${c.itemId} and a.v1 between ${c.x0} and ${c.x1} and a.v2 between ${c.y0} and ${c.y1}`;
      break;
  }
  return sql`exists (select 1 from story_answer a where a.story_id = s.id and a.question_id = ${c.questionId} and ${match})`;
}

/** The filtered stories: `select … from story s where …`, for use as a subquery. */
function storyWhere(f: DashboardFilter): SQL {
  const where = dimensionWhere(f, 's');
  if (f.from) where.push(sql`s.received_at >= (${f.from}::date)::timestamp at time zone ${DASHBOARD_TZ}`);
  if (f.to) where.push(sql`s.received_at < ((${f.to}::date + 1)::timestamp) at time zone ${DASHBOARD_TZ}`);
  for (const c of f.answers ?? []) where.push(answerExists(c));
  return sql.join(where, sql` and `);
}

function rollupWhere(f: DashboardFilter): SQL {
  const where = dimensionWhere(f, '');
  if (f.from) where.push(sql`day >= ${f.from}::date`);
  if (f.to) where.push(sql`day <= ${f.to}::date`);
  return sql.join(where, sql` and `);
}

export interface CountRow {
  bucket: string;
  collectionId: string;
  channel: Channel;
  tellerKind: TellerKind;
  teamId: string | null;
  n: number;
}

/** Story counts per time bucket and dimension, for the overview and the filter facets. */
export function storyCountsSql(f: DashboardFilter, grain: Grain, path?: ReadPath): SQL {
  const g = GRAIN[grain];
  return pathFor(f, path) === 'rollup'
    ? sql`select to_char(date_trunc(${g}, day), 'YYYY-MM-DD') as bucket, collection_id as "collectionId", channel, teller_kind as "tellerKind", team_id as "teamId", sum(stories)::int as n
          from story_rollup_day where ${rollupWhere(f)} group by 1, 2, 3, 4, 5`
    : sql`select to_char(date_trunc(${g}, (s.received_at at time zone ${DASHBOARD_TZ})::date), 'YYYY-MM-DD') as bucket, s.collection_id as "collectionId", s.channel, s.teller_kind as "tellerKind", s.team_id as "teamId", count(*)::int as n
          from story s where ${storyWhere(f)} group by 1, 2, 3, 4, 5`;
}

export const storyCounts = (db: DbOrTx, f: DashboardFilter, grain: Grain, path?: ReadPath) => queryRows<CountRow>(db, storyCountsSql(f, grain, path));

export interface AnswerCountRow {
  questionId: string;
  key: string;
  n: number;
}

/** Per question and answer key (option, dyad twentieth `b0..b19`, scale value `v…`, `na`): how many. */
export function answerCountsSql(f: DashboardFilter, questionIds: string[], path?: ReadPath): SQL {
  if (questionIds.length === 0) return sql`select null::text as "questionId", null::text as key, 0 as n where false`;
  return pathFor(f, path) === 'rollup'
    ? sql`select question_id as "questionId", key, sum(n)::int as n from answer_rollup_day
          where ${rollupWhere(f)} and question_id in (${list(questionIds)}) group by 1, 2`
    : sql`select a.question_id as "questionId", dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) as key, count(*)::int as n
          from story s join story_answer a on a.story_id = s.id
          where ${storyWhere(f)} and a.question_id in (${list(questionIds)})
            and dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) is not null
          group by 1, 2`;
}

export const answerCounts = (db: DbOrTx, f: DashboardFilter, questionIds: string[], path?: ReadPath) => queryRows<AnswerCountRow>(db, answerCountsSql(f, questionIds, path));

export interface PointRow {
  storyId: string;
  questionId: string;
  itemId: string | null;
  v1: number;
  v2: number | null;
  v3: number | null;
}

/**
 * Two-dimensional answers (triads, stones) of the newest `limit` filtered stories: the points a
 * ternary plot or a heat map draws, and what a brush selects from.
 */
export function pointsSql(f: DashboardFilter, questionIds: string[], limit: number): SQL {
  // A few primary-key probes per story, never a scan of every answer row: OFFSET 0 keeps the
  // planner from turning the lateral subquery into a hash join over all of story_answer.
  return sql`select s.id as "storyId", a.question_id as "questionId", a.item_id as "itemId", a.v1, a.v2, a.v3
             from (select s.id from story s where ${storyWhere(f)} order by s.received_at desc, s.id desc limit ${limit}) s
             cross join lateral (select a.question_id, a.item_id, a.v1, a.v2, a.v3 from story_answer a
                                 where a.story_id = s.id and a.question_id in (${list(questionIds.length ? questionIds : [''])}) and not a.not_applicable and a.v1 is not null offset 0) a`;
}

export const points = (db: DbOrTx, f: DashboardFilter, questionIds: string[], limit: number) => queryRows<PointRow>(db, pointsSql(f, questionIds, limit));

/** How many stories the filter holds (exact, for min-n checks on lists and exports). */
export async function countStories(db: DbOrTx, f: DashboardFilter): Promise<number> {
  const [row] = usesRollups(f)
    ? await queryRows<{ n: number }>(db, sql`select coalesce(sum(stories), 0)::int as n from story_rollup_day where ${rollupWhere(f)}`)
    : await queryRows<{ n: number }>(db, sql`select count(*)::int as n from story s where ${storyWhere(f)}`);
  return row?.n ?? 0;
}

export interface DashboardStory {
  id: string;
  collectionId: string;
  title: string | null;
  text: string;
  channel: Channel;
  tellerKind: TellerKind;
  teamId: string | null;
  receivedAt: Date;
  answers: Answers;
}

/** Filtered stories, newest first, keyset-paged. */
export async function filteredStories(db: DbOrTx, f: DashboardFilter, limit: number, after?: { receivedAt: Date; id: string }): Promise<DashboardStory[]> {
  const rows = await queryRows<DashboardStory & { receivedAt: string | Date }>(
    db,
    sql`select s.id, s.collection_id as "collectionId", s.title, s.text, s.channel, s.teller_kind as "tellerKind", s.team_id as "teamId", s.received_at as "receivedAt", s.answers
        from story s where ${storyWhere(f)}
        ${after ? sql`and (s.received_at, s.id) < (${after.receivedAt.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
        order by s.received_at desc, s.id desc limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt) }));
}

/** Stories per current pattern and time bucket: the trend of each pattern. */
export async function patternTrend(db: DbOrTx, organisationId: string, patternIds: string[], grain: Grain): Promise<{ patternId: string; bucket: string; n: number }[]> {
  if (patternIds.length === 0) return [];
  const g = GRAIN[grain];
  return queryRows(
    db,
    sql`select e.pattern_id as "patternId", to_char(date_trunc(${g}, (s.received_at at time zone ${DASHBOARD_TZ})::date), 'YYYY-MM-DD') as bucket, count(*)::int as n
        from story_enrichment e join story s on s.id = e.story_id
        where e.organisation_id = ${organisationId} and e.pattern_id in (${list(patternIds)})
        group by 1, 2 order by 2`,
  );
}

/** Live counters: stories in total, today and in the last seven days (organisation-local). */
export async function liveCounts(db: DbOrTx, organisationId: string): Promise<{ total: number; today: number; week: number }> {
  const [row] = await queryRows<{ total: number; today: number; week: number }>(
    db,
    sql`select coalesce(sum(stories), 0)::int as total,
               coalesce(sum(stories) filter (where day = (now() at time zone ${DASHBOARD_TZ})::date), 0)::int as today,
               coalesce(sum(stories) filter (where day > (now() at time zone ${DASHBOARD_TZ})::date - 7), 0)::int as week
        from story_rollup_day where organisation_id = ${organisationId}`,
  );
  return row ?? { total: 0, today: 0, week: 0 };
}

export async function listTeams(db: DbOrTx, organisationId: string): Promise<{ id: string; name: string }[]> {
  return queryRows(db, sql`select id, name from team where organisation_id = ${organisationId} order by name`);
}
