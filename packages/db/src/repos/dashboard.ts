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

/**
 * A filter whose only answer condition is one chosen option: the daily answer rollup counts
 * exactly its stories per day and dimension (a story holds an option at most once), so story
 * counts under such a filter (a clicked bar) need no story table either. Several options of one
 * question could be chosen together (multiple choice) and would be counted twice; `na` is the
 * rollup's key for "not applicable", not an option.
 */
export function optionRollup(f: DashboardFilter): { questionId: string; key: string } | null {
  const [c, ...rest] = f.answers ?? [];
  if (!c || rest.length || c.kind !== 'option' || c.optionIds.length !== 1 || c.optionIds[0] === 'na') return null;
  return { questionId: c.questionId, key: c.optionIds[0]! };
}
/** Story counts under this filter come from the rollups. */
export const countsFromRollups = (f: DashboardFilter) => usesRollups(f) || optionRollup(f) !== null;

/** Which path a read takes; `raw` on a rollup-able filter is the reference the rollups must equal. */
export type ReadPath = 'rollup' | 'raw';
const pathFor = (rollupable: boolean, path?: ReadPath): ReadPath => (rollupable && path !== 'raw' ? 'rollup' : 'raw');

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

/**
 * The stories with an answer matching `c`, as `s.id in (…)`: bounded by organisation, question
 * and period, the planner reads the period's slice of a covering index (story_answer_option_idx
 * for chosen options, story_answer_period_idx for values and points: migrations/0010) instead of
 * probing every story of the period.
 */
function answerMatch(f: DashboardFilter, c: AnswerCondition): SQL {
  const where: SQL[] = [sql`a.organisation_id = ${f.organisationId}`, sql`a.question_id = ${c.questionId}`];
  where.push(...receivedWithin(sql`a.received_at`, f));
  switch (c.kind) {
    case 'option':
      where.push(sql`a.option_id in (${list(c.optionIds)})`);
      break;
    case 'range':
      where.push(sql`a.option_id is null and not a.not_applicable and a.v1 between ${c.min} and ${c.max}`);
      break;
    case 'triad':
      where.push(sql`a.option_id is null and not a.not_applicable and (a.v1 / 2 + a.v3) between ${c.x0} and ${c.x1} and ${TRIAD_HEIGHT} * (1 - a.v1) between ${c.y0} and ${c.y1}`);
      break;
    case 'stone':
      where.push(sql`a.option_id is null and not a.not_applicable and a.item_id = ${c.itemId} and a.v1 between ${c.x0} and ${c.x1} and a.v2 between ${c.y0} and ${c.y1}`);
      break;
  }
  return sql`s.id in (select a.story_id from story_answer a where ${sql.join(where, sql` and `)})`;
}

/** The filter's period (organisation-local days) on a `received_at` column. */
export function receivedWithin(column: SQL, f: Pick<DashboardFilter, 'from' | 'to'>): SQL[] {
  const where: SQL[] = [];
  if (f.from) where.push(sql`${column} >= (${f.from}::date)::timestamp at time zone ${DASHBOARD_TZ}`);
  if (f.to) where.push(sql`${column} < ((${f.to}::date + 1)::timestamp) at time zone ${DASHBOARD_TZ}`);
  return where;
}

/** The conditions on `story s` of the filtered stories. */
function storyWhere(f: DashboardFilter): SQL {
  const where = [...dimensionWhere(f, 's'), ...receivedWithin(sql`s.received_at`, f)];
  for (const c of f.answers ?? []) where.push(answerMatch(f, c));
  return sql.join(where, sql` and `);
}

/** The ids of the filtered stories, as a subquery for other reads (what works). */
export const filteredStoryIds = (f: DashboardFilter): SQL => sql`select s.id from story s where ${storyWhere(f)}`;

function rollupWhere(f: DashboardFilter, from = f.from, to = f.to): SQL {
  const where = dimensionWhere(f, '');
  if (from) where.push(sql`day >= ${from}::date`);
  if (to) where.push(sql`day <= ${to}::date`);
  return sql.join(where, sql` and `);
}

const STORY_ROLLUP_COLUMNS = sql.raw('organisation_id, day, collection_id, channel, teller_kind, team_id, stories');
const ANSWER_ROLLUP_COLUMNS = sql.raw('organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n');

/**
 * The daily rollups as reads see them: the folded rows plus the changes still waiting in the
 * delta tables (folded in every second by `compactRollups`). The planner pushes a query's
 * conditions into both branches.
 */
const STORY_DAYS = sql`(select ${STORY_ROLLUP_COLUMNS} from story_rollup_day union all select ${STORY_ROLLUP_COLUMNS} from story_rollup_delta) story_days`;
const ANSWER_DAYS = sql`(select ${ANSWER_ROLLUP_COLUMNS} from answer_rollup_day union all select ${ANSWER_ROLLUP_COLUMNS} from answer_rollup_delta) answer_days`;

/** Folds the waiting rollup changes into the daily (and so monthly) rollups; returns how many it took. */
export async function compactRollups(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ taken: number }>(db, sql`select rollup_compact() as taken`);
  return row?.taken ?? 0;
}

/** The story rollup, or under a single chosen option the answer rollup's rows of that option. */
function storyRollup(f: DashboardFilter): { table: SQL; n: SQL; where: SQL } {
  const option = optionRollup(f);
  return option
    ? { table: ANSWER_DAYS, n: sql`n`, where: sql`${rollupWhere(f)} and question_id = ${option.questionId} and key = ${option.key}` }
    : { table: STORY_DAYS, n: sql`stories`, where: rollupWhere(f) };
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
  if (pathFor(countsFromRollups(f), path) === 'rollup') {
    const r = storyRollup(f);
    return sql`select to_char(date_trunc(${g}, day), 'YYYY-MM-DD') as bucket, collection_id as "collectionId", channel, teller_kind as "tellerKind", team_id as "teamId", sum(${r.n})::int as n
               from ${r.table} where ${r.where} group by 1, 2, 3, 4, 5 having sum(${r.n}) > 0`;
  }
  return sql`select to_char(date_trunc(${g}, (s.received_at at time zone ${DASHBOARD_TZ})::date), 'YYYY-MM-DD') as bucket, s.collection_id as "collectionId", s.channel, s.teller_kind as "tellerKind", s.team_id as "teamId", count(*)::int as n
             from story s where ${storyWhere(f)} group by 1, 2, 3, 4, 5`;
}

export const storyCounts = (db: DbOrTx, f: DashboardFilter, grain: Grain, path?: ReadPath) => queryRows<CountRow>(db, storyCountsSql(f, grain, path));

export interface AnswerCountRow {
  questionId: string;
  key: string;
  n: number;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonth = (day: string) => {
  const d = new Date(`${monthStart(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return isoDay(d);
};

/**
 * A period cut for the monthly rollup: the whole calendar months inside [from, to] (`months`,
 * first days, end exclusive; unbounded where the period is) and the days left at either edge.
 */
export function splitByMonth(from?: string, to?: string): { months: { from?: string; before?: string } | null; days: [string, string][] } {
  const first = from === undefined ? undefined : from === monthStart(from) ? from : nextMonth(from);
  const end = to === undefined ? undefined : addDays(to, 1) === monthStart(addDays(to, 1)) ? addDays(to, 1) : monthStart(to);
  if (first !== undefined && end !== undefined && first >= end) return { months: null, days: [[from!, to!]] };
  const days: [string, string][] = [];
  if (from !== undefined && first! > from) days.push([from, addDays(first!, -1)]);
  if (to !== undefined && end! <= to) days.push([end!, to]);
  return { months: { ...(first ? { from: first } : {}), ...(end ? { before: end } : {}) }, days };
}

/** Per question and answer key (option, dyad twentieth `b0..b19`, scale value `v…`, `na`): how many. */
export function answerCountsSql(f: DashboardFilter, questionIds: string[], path?: ReadPath): SQL {
  if (questionIds.length === 0) return sql`select null::text as "questionId", null::text as key, 0 as n where false`;
  if (pathFor(usesRollups(f), path) === 'rollup') {
    // Whole months from the monthly rollup, the edge days from the daily one.
    const { months, days } = splitByMonth(f.from, f.to);
    const parts: SQL[] = [];
    if (months) {
      const where = dimensionWhere(f, '');
      if (months.from) where.push(sql`month >= ${months.from}::date`);
      if (months.before) where.push(sql`month < ${months.before}::date`);
      parts.push(sql`select question_id, key, n from answer_rollup_month where ${sql.join(where, sql` and `)} and question_id in (${list(questionIds)})`);
    }
    for (const [a, b] of days) parts.push(sql`select question_id, key, n from answer_rollup_day where ${rollupWhere(f, a, b)} and question_id in (${list(questionIds)})`);
    // Changes not yet folded into either rollup, over the whole period.
    parts.push(sql`select question_id, key, n from answer_rollup_delta where ${rollupWhere(f)} and question_id in (${list(questionIds)})`);
    // A deletion waiting as a delta can bring a key to zero: such a key is not there.
    return sql`select question_id as "questionId", key, sum(n)::int as n from (${sql.join(parts, sql` union all `)}) r group by 1, 2 having sum(n) > 0`;
  }
  return sql`select a.question_id as "questionId", dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) as key, count(*)::int as n
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

/** Newest first, in the order of story_org_received_idx (DESC NULLS LAST), so a LIMIT reads only its first entries. */
const NEWEST_FIRST = sql`s.received_at desc nulls last, s.id desc nulls last`;

/**
 * Two-dimensional answers (triads, stones) of the newest `limit` filtered stories: the points a
 * ternary plot or a heat map draws, and what a brush selects from.
 */
export function pointsSql(f: DashboardFilter, questionIds: string[], limit: number): SQL {
  // The ids as one array: one primary-key index scan over them, which the planner costs as
  // cheap as it is (a lateral join per story was estimated high enough to trigger JIT compiling).
  return sql`select a.story_id as "storyId", a.question_id as "questionId", a.item_id as "itemId", a.v1, a.v2, a.v3 from story_answer a
             where a.story_id = any(array(select s.id from story s where ${storyWhere(f)} order by ${NEWEST_FIRST} limit ${limit}))
               and a.question_id in (${list(questionIds.length ? questionIds : [''])}) and not a.not_applicable and a.v1 is not null`;
}

export const points = (db: DbOrTx, f: DashboardFilter, questionIds: string[], limit: number) => queryRows<PointRow>(db, pointsSql(f, questionIds, limit));

/** How many stories the filter holds (exact, for min-n checks on lists and exports). */
export async function countStories(db: DbOrTx, f: DashboardFilter): Promise<number> {
  const r = storyRollup(f);
  const [row] = countsFromRollups(f)
    ? await queryRows<{ n: number }>(db, sql`select coalesce(sum(${r.n}), 0)::int as n from ${r.table} where ${r.where}`)
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

const DASHBOARD_STORY = sql`s.id, s.collection_id as "collectionId", s.title, s.text, s.channel, s.teller_kind as "tellerKind", s.team_id as "teamId", s.received_at as "receivedAt", s.answers`;
const toDashboardStory = (r: DashboardStory & { receivedAt: string | Date }): DashboardStory => ({ ...r, receivedAt: new Date(r.receivedAt) });

/** Filtered stories, newest first, keyset-paged. */
export async function filteredStories(db: DbOrTx, f: DashboardFilter, limit: number, after?: { receivedAt: Date; id: string }): Promise<DashboardStory[]> {
  const rows = await queryRows<DashboardStory & { receivedAt: string | Date }>(
    db,
    sql`select ${DASHBOARD_STORY}
        from story s where ${storyWhere(f)}
        ${after ? sql`and (s.received_at, s.id) < (${after.receivedAt.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
        order by ${NEWEST_FIRST} limit ${limit}`,
  );
  return rows.map(toDashboardStory);
}

/** These stories of the organisation (ids the dashboard index selected), newest first. */
export async function dashboardStoriesByIds(db: DbOrTx, organisationId: string, ids: string[]): Promise<DashboardStory[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<DashboardStory & { receivedAt: string | Date }>(
    db,
    sql`select ${DASHBOARD_STORY} from story s where s.organisation_id = ${organisationId} and s.id = any(array[${list(ids)}]::uuid[]) order by ${NEWEST_FIRST}`,
  );
  return rows.map(toDashboardStory);
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

/** The organisation's exact number of stories, as a scalar subquery (rollups and waiting deltas). */
export const storyTotalSql = (organisationId: string): SQL => sql`(select coalesce(sum(stories), 0)::int from ${STORY_DAYS} where organisation_id = ${organisationId})`;

/** Live counters: stories in total, today and in the last seven days (organisation-local). */
export async function liveCounts(db: DbOrTx, organisationId: string): Promise<{ total: number; today: number; week: number }> {
  const [row] = await queryRows<{ total: number; today: number; week: number }>(
    db,
    sql`select coalesce(sum(stories), 0)::int as total,
               coalesce(sum(stories) filter (where day = (now() at time zone ${DASHBOARD_TZ})::date), 0)::int as today,
               coalesce(sum(stories) filter (where day > (now() at time zone ${DASHBOARD_TZ})::date - 7), 0)::int as week
        from ${STORY_DAYS} where organisation_id = ${organisationId}`,
  );
  return row ?? { total: 0, today: 0, week: 0 };
}

export async function listTeams(db: DbOrTx, organisationId: string): Promise<{ id: string; name: string }[]> {
  return queryRows(db, sql`select id, name from team where organisation_id = ${organisationId} order by name`);
}
