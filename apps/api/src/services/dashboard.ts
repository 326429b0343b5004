import { CHANNELS, TELLER_KINDS, ValidationError, type Channel, type FrameworkDefinition, type Question, type TellerKind } from '@vertelpunt/core';
import {
  answerCounts,
  countsFromRollups,
  countStories,
  currentPatterns,
  dashboardStoriesByIds,
  filteredStories,
  getCollectionWithFramework,
  listCollections,
  listTeams,
  patternTrend,
  points,
  storyCounts,
  usesRollups,
  type AnswerCondition,
  type DashboardFilter,
  type DashboardIndex,
  type StoryColumns,
  type DashboardStory,
  type Db,
  type Grain,
} from '@vertelpunt/db';
import { UnprocessableError } from '../plugins/app/errors.ts';
import { TableBuilder } from './suppression.ts';

/**
 * Minimum n: a count of 1..minN-1 stories is never shown, only that it is too small (null),
 * and where counts are shown with their sum a second count is hidden with it, so that
 * subtraction cannot give it back (suppression.ts). Zero stays zero: an empty group says
 * nothing about anyone. When the whole filtered set is
 * under minN, nothing is aggregated at all. Lists of individual stories follow the role (as the
 * story list does); an export, which leaves the system, refuses a filtered set under minN.
 */
export const suppress = (n: number, minN: number): number | null => (n > 0 && n < minN ? null : n);

/** The newest stories a ternary plot or a stones map draws (and a brush selects from). */
export const POINT_LIMIT = 3000;
/** An export larger than this must be narrowed by filters first. */
export const EXPORT_LIMIT = 50_000;

/** Where dashboard reads come from: the database, and the in-memory index where one is kept. */
export interface Reads {
  db: Db;
  dashboardIndex: DashboardIndex | null;
}

/**
 * The organisation's stories as columns, for a read the rollups cannot answer (a brushed
 * region, answer counts under an answer filter, what works); null while it loads or when it
 * is off, and SQL answers. Both give the same numbers (tests/db/dashboard-index.pg.test.ts).
 */
export const columnsFor = (r: Reads, f: DashboardFilter): Promise<StoryColumns | null> | null => r.dashboardIndex?.current(f.organisationId) ?? null;

export interface FilterQuery {
  from?: string;
  to?: string;
  collection?: string[];
  team?: string[];
  channel?: string[];
  teller?: string[];
  a?: string[];
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';
const QID = '([A-Za-z][A-Za-z0-9_-]{0,63})';
const OPTION = new RegExp(`^${QID}:([A-Za-z0-9_-]{1,64}(?:,[A-Za-z0-9_-]{1,64})*)$`);
const RANGE = new RegExp(`^${QID}:${NUM}\\.\\.${NUM}$`);
const RECT = `${NUM},${NUM},${NUM},${NUM}`;
const TRIAD = new RegExp(`^${QID}@${RECT}$`);
const STONE = new RegExp(`^${QID}/([A-Za-z0-9_-]{1,64})@${RECT}$`);

/**
 * Answer conditions as they travel in URLs (and so in shared dashboard links):
 * `q:opt1,opt2` chose any of these options; `q:lo..hi` dyad or scale value in range;
 * `q@x0,y0,x1,y1` triad point in that rectangle of the ternary plot;
 * `q/item@x0,y0,x1,y1` stone placed in that rectangle.
 */
export function parseCondition(raw: string, i: number): AnswerCondition {
  let m: RegExpExecArray | null;
  const nums = (xs: string[]) => {
    const [x0, y0, x1, y1] = xs.map(Number) as [number, number, number, number];
    return { x0: Math.min(x0, x1), y0: Math.min(y0, y1), x1: Math.max(x0, x1), y1: Math.max(y0, y1) };
  };
  if ((m = RANGE.exec(raw))) return { questionId: m[1]!, kind: 'range', min: Math.min(Number(m[2]), Number(m[3])), max: Math.max(Number(m[2]), Number(m[3])) };
  if ((m = OPTION.exec(raw))) return { questionId: m[1]!, kind: 'option', optionIds: m[2]!.split(',') };
  if ((m = TRIAD.exec(raw))) return { questionId: m[1]!, kind: 'triad', ...nums(m.slice(2, 6)) };
  if ((m = STONE.exec(raw))) return { questionId: m[1]!, kind: 'stone', itemId: m[2]!, ...nums(m.slice(3, 7)) };
  throw ValidationError.one(`/querystring/a/${i}`, 'must be q:option[,option], q:min..max, q@x0,y0,x1,y1 or q/item@x0,y0,x1,y1');
}

/** A real calendar day (the schema's pattern lets 2026-02-30 through). */
const isDay = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
};

export function toFilter(organisationId: string, q: FilterQuery): DashboardFilter {
  for (const field of ['from', 'to'] as const) if (q[field] && !isDay(q[field])) throw ValidationError.one(`/querystring/${field}`, 'is not a calendar day');
  if (q.from && q.to && q.from > q.to) throw ValidationError.one('/querystring/from', 'must not be after to');
  return {
    organisationId,
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.collection?.length ? { collectionIds: q.collection } : {}),
    ...(q.team?.length ? { teamIds: q.team.map((t) => (t === 'none' ? null : t)) } : {}),
    ...(q.channel?.length ? { channels: q.channel as Channel[] } : {}),
    ...(q.teller?.length ? { tellerKinds: q.teller as TellerKind[] } : {}),
    ...(q.a?.length ? { answers: q.a.map(parseCondition) } : {}),
  };
}

const CHARTED = new Set<Question['kind']>(['triad', 'dyad', 'stones', 'singleChoice', 'multipleChoice', 'scale']);

/**
 * The questions the dashboard charts, from the frameworks of the organisation's collections.
 * Ids are stable across versions, so the first definition of an id stands for all.
 */
async function chartedQuestions(db: Db, organisationId: string): Promise<Question[]> {
  const collections = await listCollections(db, organisationId);
  const seen = new Map<string, Question>();
  const versions = new Set<string>();
  for (const c of collections) {
    if (versions.has(c.frameworkVersionId)) continue;
    versions.add(c.frameworkVersionId);
    const { frameworkVersion } = await getCollectionWithFramework(db, c.id, organisationId);
    for (const q of (frameworkVersion.definition as FrameworkDefinition).questions) if (CHARTED.has(q.kind) && !seen.has(q.id)) seen.set(q.id, q);
  }
  return [...seen.values()];
}

export async function dashboardMeta(r: Reads, organisationId: string, minN: number) {
  const db = r.db;
  // Opening the dashboard starts loading the index, so the reads that need it find it ready.
  r.dashboardIndex?.warm(organisationId);
  const collections = await listCollections(db, organisationId);
  return {
    minN,
    index: r.dashboardIndex ? r.dashboardIndex.status(organisationId) : { state: 'off' as const, stories: 0 },
    collections: collections.map((c) => ({ id: c.id, name: c.name, tellerKind: c.tellerKind, channels: c.channels })),
    teams: await listTeams(db, organisationId),
    channels: CHANNELS,
    tellerKinds: TELLER_KINDS,
    questions: await chartedQuestions(db, organisationId),
  };
}

type Facet = 'channel' | 'teamId' | 'tellerKind' | 'collectionId';
const FACETS: Facet[] = ['channel', 'teamId', 'tellerKind', 'collectionId'];

/** Stories over time per dimension, and the total per value of each dimension (the filter facets). */
export async function overview(r: Reads, filter: DashboardFilter, grain: Grain, minN: number) {
  const cols = countsFromRollups(filter) ? null : await columnsFor(r, filter);
  const rows = cols?.storyCounts(filter, grain) ?? (await storyCounts(r.db, filter, grain));
  const total = rows.reduce((s, r) => s + r.n, 0);
  if (total > 0 && total < minN) return { minN, grain, total: null, suppressed: true, buckets: [], series: {}, facets: {} };
  const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
  const index = new Map(buckets.map((b, i) => [b, i]));
  const series: Record<string, { key: string; counts: number[] }[]> = { all: [{ key: 'all', counts: buckets.map(() => 0) }] };
  const facets: Record<string, Map<string, number>> = {};
  for (const facet of FACETS) {
    const byKey = new Map<string, number[]>();
    facets[facet] = new Map();
    for (const r of rows) {
      const key = r[facet] ?? 'none';
      if (!byKey.has(key)) byKey.set(key, buckets.map(() => 0));
      byKey.get(key)![index.get(r.bucket)!]! += r.n;
      facets[facet].set(key, (facets[facet].get(key) ?? 0) + r.n);
    }
    series[facet] = [...byKey].map(([key, counts]) => ({ key, counts }));
  }
  for (const r of rows) series.all![0]!.counts[index.get(r.bucket)!]! += r.n;

  // Every count in one table with what adds up to what: per dimension, a value's buckets add
  // up to its facet count, a bucket's values to the bucket's count (the `all` series), and the
  // facet counts to the total. Complementary suppression then keeps every hidden count hidden.
  const t = new TableBuilder();
  const totalAt = t.add(total, true);
  const bucketAt = series.all![0]!.counts.map((n) => t.add(n));
  t.group(bucketAt, totalAt);
  const at: Record<string, { key: string; counts: number[]; facet: number }[]> = {};
  for (const facet of FACETS) {
    at[facet] = series[facet]!.map(({ key, counts }) => {
      const cells = counts.map((n) => t.add(n));
      const facetAt = t.add(facets[facet]!.get(key)!);
      t.group(cells, facetAt);
      return { key, counts: cells, facet: facetAt };
    });
    t.group(at[facet].map((x) => x.facet), totalAt);
    buckets.forEach((_, b) => t.group(at[facet]!.map((x) => x.counts[b]!), bucketAt[b]!));
  }
  const shown = t.protect(minN);
  return {
    minN,
    grain,
    total,
    suppressed: false,
    buckets,
    series: {
      all: [{ key: 'all', counts: bucketAt.map((i) => shown[i]!) }],
      ...Object.fromEntries(Object.entries(at).map(([facet, xs]) => [facet, xs.map(({ key, counts }) => ({ key, counts: counts.map((i) => shown[i]!) }))])),
    },
    facets: Object.fromEntries(Object.entries(at).map(([facet, xs]) => [facet, xs.map(({ key, facet: i }) => ({ key, n: shown[i]! }))])),
  };
}

/**
 * Per charted question: choice counts per option, dyad histograms (twentieths), scale counts,
 * and for triads and stones the points of the newest stories (with their ids, for brushing).
 */
export async function signifiers(r: Reads, filter: DashboardFilter, minN: number) {
  // Counts from the rollups where they can; points (the newest stories) and counts under an
  // answer filter from the index once it is loaded.
  const cols = await columnsFor(r, filter);
  const indexed = usesRollups(filter) ? null : cols;
  const [questions, total] = await Promise.all([chartedQuestions(r.db, filter.organisationId), indexed?.count(filter) ?? countStories(r.db, filter)]);
  if (total > 0 && total < minN) return { minN, total: null, suppressed: true, sampled: false, counts: {}, points: {} };
  const counted = questions.filter((q) => q.kind !== 'stones' && q.kind !== 'triad').map((q) => q.id);
  // Triads' "not applicable" is counted like any answer; their points come below.
  const triads = questions.filter((q) => q.kind === 'triad').map((q) => q.id);
  const pointed = questions.filter((q) => q.kind === 'triad' || q.kind === 'stones').map((q) => q.id);
  const [counts, pts] = await Promise.all([
    indexed?.answerCounts(filter, [...counted, ...triads]) ?? answerCounts(r.db, filter, [...counted, ...triads]),
    cols?.points(filter, pointed, POINT_LIMIT) ?? points(r.db, filter, pointed, POINT_LIMIT),
  ]);
  // Where a question's counts add up to the total shown (a single choice every story answered,
  // "not applicable" included), one hidden count could be subtracted out: complementary
  // suppression against it. Other questions' counts have no published sum.
  const t = new TableBuilder();
  const totalAt = t.add(total, true);
  const cellsOf = new Map<string, { key: string; at: number }[]>();
  for (const r of counts) {
    if (!cellsOf.has(r.questionId)) cellsOf.set(r.questionId, []);
    cellsOf.get(r.questionId)!.push({ key: r.key, at: t.add(r.n) });
  }
  for (const cells of cellsOf.values()) {
    if (cells.reduce((sum, c) => sum + t.values[c.at]!, 0) === total) t.group(cells.map((c) => c.at), totalAt);
  }
  const shown = t.protect(minN);
  const byQuestion: Record<string, Record<string, number | null>> = {};
  for (const [questionId, cells] of cellsOf) byQuestion[questionId] = Object.fromEntries(cells.map((c) => [c.key, shown[c.at]!]));
  const byPoints: Record<string, { id: string; item?: string; v: number[] }[]> = {};
  for (const p of pts) (byPoints[p.questionId] ??= []).push({ id: p.storyId, ...(p.itemId ? { item: p.itemId } : {}), v: p.v3 === null ? [p.v1, p.v2 ?? 0] : [p.v1, p.v2 ?? 0, p.v3] });
  return { minN, total, suppressed: false, sampled: total > POINT_LIMIT, pointLimit: POINT_LIMIT, counts: byQuestion, points: byPoints };
}

const encodeCursor = (s: { receivedAt: Date; id: string }) => Buffer.from(`${s.receivedAt.toISOString()}|${s.id}`).toString('base64url');
function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const receivedAt = new Date(at ?? '');
  if (Number.isNaN(receivedAt.getTime()) || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id ?? '')) throw ValidationError.one('/querystring/cursor', 'is not a cursor this API gave out');
  return { receivedAt, id: id! };
}

const storyItem = (s: DashboardStory) => ({ ...s, receivedAt: s.receivedAt.toISOString() });

export async function storiesPage(r: Reads, filter: DashboardFilter, limit: number, cursor?: string) {
  const after = cursor ? decodeCursor(cursor) : undefined;
  // Under an answer filter the index picks the page's ids (a sparse brushed region would make
  // SQL read the whole period); the stories themselves come from the database.
  const cols = countsFromRollups(filter) ? null : await columnsFor(r, filter);
  const picked = cols?.newest(filter, limit + 1, after);
  let rows = picked ? await dashboardStoriesByIds(r.db, filter.organisationId, picked) : null;
  // A story deleted between the index's pick and the read would end the list early: SQL then.
  if (!rows || rows.length < picked!.length) rows = await filteredStories(r.db, filter, limit + 1, after);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    total: cursor ? null : (cols?.count(filter) ?? (await countStories(r.db, filter))),
    items: page.map(storyItem),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

/** Current patterns of a collection with their trend; patterns under minN are counted, not opened. */
export async function patternsWithTrend(db: Db, organisationId: string, collectionId: string | undefined, grain: Grain, minN: number) {
  if (collectionId === undefined) {
    const [first] = await listCollections(db, organisationId);
    if (!first) return { minN, collectionId: null, buckets: [], suppressedPatterns: 0, patterns: [] };
    collectionId = first.id;
  } else {
    await getCollectionWithFramework(db, collectionId, organisationId);
  }
  const patterns = await currentPatterns(db, collectionId);
  const shown = patterns.filter((p) => p.size >= minN);
  const trend = await patternTrend(db, organisationId, shown.map((p) => p.id), grain);
  const buckets = [...new Set(trend.map((t) => t.bucket))].sort();
  return {
    minN,
    collectionId,
    buckets,
    suppressedPatterns: patterns.length - shown.length,
    patterns: shown.map(({ centroid: _c, ...p }) => {
      const mine = new Map(trend.filter((t) => t.patternId === p.id).map((t) => [t.bucket, t.n]));
      // Where the trend adds up to the pattern's size (shown), one hidden count could be subtracted out.
      const table = new TableBuilder();
      const size = table.add(p.size, true);
      const cells = buckets.map((b) => table.add(mine.get(b) ?? 0));
      if (buckets.reduce((sum, b) => sum + (mine.get(b) ?? 0), 0) === p.size) table.group(cells, size);
      const visible = table.protect(minN);
      return { ...p, trend: cells.map((i) => visible[i]!) };
    }),
  };
}

// ---------------------------------------------------------------- export

const csvCell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

function answerColumns(questions: Question[]): { header: string; value: (answers: Record<string, unknown>) => unknown }[] {
  const cols: { header: string; value: (a: Record<string, unknown>) => unknown }[] = [];
  for (const q of questions) {
    const get = (a: Record<string, unknown>) => a[q.id] as Record<string, unknown> | undefined;
    const na = (a: Record<string, unknown>) => (get(a)?.notApplicable ? 'n.v.t.' : undefined);
    if (q.kind === 'triad') {
      for (const i of [0, 1, 2]) cols.push({ header: `${q.id}.${i + 1}`, value: (a) => na(a) ?? (get(a)?.weights as number[] | undefined)?.[i] });
    } else if (q.kind === 'stones') {
      for (const item of q.items) {
        for (const axis of ['x', 'y'] as const) cols.push({ header: `${q.id}.${item.id}.${axis}`, value: (a) => (get(a)?.placements as Record<string, Record<string, number>> | undefined)?.[item.id]?.[axis] });
      }
    } else if (q.kind === 'singleChoice') {
      cols.push({ header: q.id, value: (a) => get(a)?.optionId ?? get(a)?.other });
    } else if (q.kind === 'multipleChoice') {
      cols.push({ header: q.id, value: (a) => [...((get(a)?.optionIds as string[] | undefined) ?? []), ...(get(a)?.other ? [get(a)!.other] : [])].join('|') });
    } else {
      cols.push({ header: q.id, value: (a) => na(a) ?? get(a)?.value });
    }
  }
  return cols;
}

/**
 * The filtered stories as a file. Refused under minN: an export leaves the system (reports,
 * e-mail), so a handful of stories from one team and week could point at the people in them.
 * Teller identities (user, panel code) are never exported; texts are the redacted ones.
 */
export async function exportStories(db: Db, filter: DashboardFilter, format: 'csv' | 'json', minN: number): Promise<{ body: string; contentType: string; filename: string }> {
  const n = await countStories(db, filter);
  if (n < minN) throw new UnprocessableError(`this selection holds fewer than ${minN} stories (the organisation's minimum group size), so it cannot be exported`);
  if (n > EXPORT_LIMIT) throw new UnprocessableError(`this selection holds ${n} stories; narrow it to at most ${EXPORT_LIMIT} to export`);
  const [rows, questions, teams, collections] = await Promise.all([
    filteredStories(db, filter, EXPORT_LIMIT),
    chartedQuestions(db, filter.organisationId),
    listTeams(db, filter.organisationId),
    listCollections(db, filter.organisationId),
  ]);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const collectionName = new Map(collections.map((c) => [c.id, c.name]));
  const stamp = new Date().toISOString().slice(0, 10);
  const base = (s: DashboardStory) => ({
    id: s.id,
    receivedAt: s.receivedAt.toISOString(),
    collection: collectionName.get(s.collectionId) ?? s.collectionId,
    channel: s.channel,
    tellerKind: s.tellerKind,
    team: s.teamId ? (teamName.get(s.teamId) ?? s.teamId) : null,
    title: s.title,
    text: s.text,
  });
  if (format === 'json') {
    return { body: JSON.stringify(rows.map((s) => ({ ...base(s), answers: s.answers }))), contentType: 'application/json; charset=utf-8', filename: `verhalen-${stamp}.json` };
  }
  const cols = answerColumns(questions);
  const head = ['id', 'received_at', 'collection', 'channel', 'teller_kind', 'team', 'title', 'text', ...cols.map((c) => c.header)];
  const lines = [head.map(csvCell).join(',')];
  for (const s of rows) {
    const b = base(s);
    lines.push([b.id, b.receivedAt, b.collection, b.channel, b.tellerKind, b.team, b.title, b.text, ...cols.map((c) => c.value(s.answers as Record<string, unknown>))].map(csvCell).join(','));
  }
  // A byte-order mark so spreadsheet programs read the UTF-8 (ë, é) correctly.
  return { body: `\ufeff${lines.join('\r\n')}\r\n`, contentType: 'text/csv; charset=utf-8', filename: `verhalen-${stamp}.csv` };
}
