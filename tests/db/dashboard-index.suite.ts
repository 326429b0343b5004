import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng as mulberry32 } from '@vertelpunt/analytics';
import { answerFacts, type FrameworkDefinition } from '@vertelpunt/core';
import { defaultFrameworkNl, demoStories, FRAMEWORK_NL_IDS as Q, INTERVENTIONS, OUTCOMES, SITUATIONS } from '@vertelpunt/core/demo';
import {
  answerCounts,
  countStories,
  DashboardIndex,
  listStories,
  storyQueryAsFilter,
  pgFloatText,
  filteredStories,
  insertStoryOnce,
  outcomeGroups,
  points,
  queryRows,
  storyCounts,
  TRIAD_HEIGHT,
  type AnswerCondition,
  type DashboardFilter,
  type Grain,
  type StoryColumns,
} from '@vertelpunt/db';
import { seedDemo } from '../../apps/api/src/seed.ts';
import type { Database } from '@vertelpunt/db';

export type SuiteDatabase = Database & { destroy(): Promise<void> };

let database: SuiteDatabase;
let index: DashboardIndex;
let org: string;
let ids: { staff: string; kiosk: string; fv: string; teams: string[] };
const definition: FrameworkDefinition = defaultFrameworkNl();
const QUESTIONS = [Q.situatie, Q.interventie, Q.uitkomst, Q.effect, Q.verteller, Q.beleidPraktijk, Q.maatwerkRegels, Q.snelGedegen, Q.ervaring, Q.doorslag, Q.krachtenveld];

/**
 * The dashboard index against the SQL reads it mirrors, on one database: the same numbers for
 * random filters, and current after new, late, deleted and old-dated stories. Run on real
 * PostgreSQL and on the embedded default.
 */
export function dashboardIndexSuite(open: () => Promise<SuiteDatabase>, more?: (ctx: { database: () => SuiteDatabase; index: () => DashboardIndex; org: () => string; store: (seed: number) => Promise<string> }) => void) {
beforeAll(async () => {
  database = await open();
  org = (await seedDemo(database.db, { stories: 500, now: new Date() })).organisationId;
  const [row] = await queryRows<{ staff: string; kiosk: string; fv: string; teams: string[] }>(
    database.db,
    sql`select (select id from collection where organisation_id = o.id and not ('kiosk' = any(channels))) as staff,
               (select id from collection where organisation_id = o.id and 'kiosk' = any(channels)) as kiosk,
               (select id from framework_version where organisation_id = o.id limit 1) as fv,
               (select array_agg(id order by name) from team where organisation_id = o.id) as teams
        from organisation o where o.id = ${org}`,
  );
  ids = row!;
  index = new DashboardIndex(database.db, { chunk: 128, windowMs: 30_000 });
  expect(await index.current(org)).toBeNull(); // loading: SQL answers meanwhile
  expect(await index.ready(org)).toBe(true);
});
afterAll(async () => {
  index?.close();
  await database?.destroy();
});

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A random dashboard filter over every dimension and every kind of answer condition. */
function randomFilter(rnd: () => number): DashboardFilter {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const some = <T>(xs: readonly T[]) => xs.filter(() => rnd() < 0.5);
  const f: DashboardFilter = { organisationId: org };
  if (rnd() < 0.6) {
    const a = Date.now() - rnd() * 200 * 86_400_000;
    const b = a + rnd() * 120 * 86_400_000;
    f.from = day(new Date(a));
    if (rnd() < 0.8) f.to = day(new Date(b));
  }
  if (rnd() < 0.3) f.collectionIds = [pick([ids.staff, ids.kiosk])];
  if (rnd() < 0.3) f.teamIds = some([...ids.teams, null]);
  if (rnd() < 0.3) f.channels = some(['web', 'tablet', 'kiosk', 'interview'] as const);
  if (rnd() < 0.2) f.tellerKinds = [pick(['staff', 'client'] as const)];
  const answers: AnswerCondition[] = [];
  const conditions = Math.floor(rnd() * 3);
  for (let i = 0; i < conditions; i++) {
    const x0 = rnd();
    const y0 = rnd() * TRIAD_HEIGHT;
    const rect = { x0, y0, x1: x0 + rnd() * 0.6, y1: y0 + rnd() * 0.5 };
    answers.push(
      pick<AnswerCondition>([
        { questionId: Q.situatie, kind: 'option', optionIds: some(SITUATIONS).slice(0, 2).concat(pick(SITUATIONS)) },
        { questionId: Q.interventie, kind: 'option', optionIds: [pick(INTERVENTIONS), pick(INTERVENTIONS)] },
        { questionId: Q.uitkomst, kind: 'option', optionIds: [pick(OUTCOMES), 'na'] },
        { questionId: Q.beleidPraktijk, kind: 'range', min: rnd() * 0.5, max: 0.5 + rnd() * 0.5 },
        { questionId: Q.effect, kind: 'range', min: 1 + Math.floor(rnd() * 3), max: 3 + Math.floor(rnd() * 3) },
        { questionId: Q.doorslag, kind: 'triad', ...rect },
        { questionId: Q.krachtenveld, kind: 'stone', itemId: pick(['klant', 'consulent', 'team', 'regels', 'netwerk', 'onbekend']), ...rect },
        { questionId: Q.krachtenveld, kind: 'range', min: 0.2, max: 0.7 },
        { questionId: 'onbekend', kind: 'option', optionIds: ['x'] },
      ]),
    );
  }
  if (answers.length) f.answers = answers;
  return f;
}

/** Sorted JSON of rows; null (the index declining) is a failure here: every question of the demo fits. */
const sortBy = <T>(xs: T[] | null) => {
  expect(xs).not.toBeNull();
  return [...xs!].map((x) => JSON.stringify(x)).sort();
};

/** Every read the index answers, beside the SQL path's answer for the same filter. */
async function expectSame(cols: StoryColumns, f: DashboardFilter, grain: Grain) {
  const label = JSON.stringify(f);
  expect(cols.count(f), label).toBe(await countStories(database.db, f));
  expect(sortBy(cols.storyCounts(f, grain)), label).toEqual(sortBy(await storyCounts(database.db, f, grain, 'raw')));
  expect(sortBy(cols.answerCounts(f, QUESTIONS)), label).toEqual(sortBy(await answerCounts(database.db, f, QUESTIONS, 'raw')));
  expect(sortBy(cols.points(f, [Q.doorslag, Q.krachtenveld], 40)), label).toEqual(sortBy(await points(database.db, f, [Q.doorslag, Q.krachtenveld], 40)));
  // A page of the story list and the page after it (keyset on received_at and id).
  const page = await filteredStories(database.db, f, 7);
  expect(cols.newest(f, 7), label).toEqual(page.map((s) => s.id));
  const last = page.at(-1);
  if (last) {
    const next = await filteredStories(database.db, f, 7, { receivedAt: last.receivedAt, id: last.id });
    expect(cols.newest(f, 7, { receivedAt: last.receivedAt, id: last.id }), label).toEqual(next.map((s) => s.id));
  }
  const wq = { filter: f, collectionId: ids.staff, situation: Q.situatie, intervention: Q.interventie, outcome: Q.uitkomst, value: Q.effect };
  const round = (rows: { valueSum: number; valueSumSq: number }[] | null) => (rows ?? []).map((r) => ({ ...r, valueSum: r.valueSum.toFixed(9), valueSumSq: r.valueSumSq.toFixed(9) }));
  expect(sortBy(round(cols.outcomeGroups(wq))), label).toEqual(sortBy(round(await outcomeGroups(database.db, wq))));
}

describe('dashboard index', () => {
  it('answers every read as the story tables do, for random filters over every dimension and condition', async () => {
    const rnd = mulberry32(7);
    const cols = (await index.current(org))!;
    expect(cols.n).toBe(500);
    let nonEmpty = 0;
    for (let i = 0; i < 60; i++) {
      const f = randomFilter(rnd);
      await expectSame(cols, f, (['day', 'week', 'month'] as const)[i % 3]!);
      if ((cols.count(f) ?? 0) > 0) nonEmpty++;
    }
    // The filters are not all empty sets, or the comparison says little.
    expect(nonEmpty).toBeGreaterThan(30);
  });

  it('picks the story list’s pages under answer filters as the SQL list does', async () => {
    const rnd = mulberry32(9);
    const cols = (await index.current(org))!;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    let nonEmpty = 0;
    for (let i = 0; i < 40; i++) {
      const answers = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () =>
        pick([
          { questionId: Q.situatie, optionId: pick(SITUATIONS) },
          { questionId: Q.interventie, optionId: pick(INTERVENTIONS) },
          { questionId: Q.beleidPraktijk, min: rnd() * 0.5, max: 0.5 + rnd() * 0.5 },
          { questionId: Q.effect, min: 2, max: 4 },
          { questionId: Q.krachtenveld, min: 0.1, max: 0.6 },
          { questionId: Q.doorslag, min: 0.2, max: 0.7 },
        ]),
      );
      const q = { organisationId: org, answers, limit: 6, ...(rnd() < 0.3 ? { collectionId: pick([ids.staff, ids.kiosk]) } : {}), ...(rnd() < 0.3 ? { channel: pick(['web', 'kiosk', 'tablet'] as const) } : {}) };
      const first = await listStories(database.db, q);
      expect(cols.newest(storyQueryAsFilter(q)!, 6), JSON.stringify(q)).toEqual(first.map((x) => x.id));
      const last = first.at(-1);
      if (!last) continue;
      nonEmpty++;
      const after = { receivedAt: last.receivedAt, id: last.id };
      const next = await listStories(database.db, { ...q, after });
      expect(cols.newest(storyQueryAsFilter(q)!, 6, after)).toEqual(next.map((x) => x.id));
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  /** A demo story stored now (or at `receivedAt`), through the same insert the API uses. */
  async function store(seed: number, receivedAt = new Date()) {
    const [s] = demoStories(definition, { count: 1, seed, now: receivedAt });
    const id = randomUUID();
    await insertStoryOnce(
      database.db,
      {
        id,
        organisationId: org,
        collectionId: ids.staff,
        frameworkVersionId: ids.fv,
        promptId: s!.promptId,
        title: null,
        text: s!.text,
        language: 'nl',
        channel: 'web',
        tellerKind: 'staff',
        tellerUserId: null,
        teamId: ids.teams[0]!,
        deviceId: null,
        panelCode: null,
        createdAt: receivedAt,
        receivedAt,
        answers: s!.answers,
        redactions: {},
        originalText: null,
        contentHash: `test:${id}`,
      },
      answerFacts(definition.questions, s!.answers),
    );
    return id;
  }

  it('sees a new story at the next read', async () => {
    const before = (await index.current(org))!.n;
    const id = await store(11);
    const cols = (await index.current(org))!;
    expect(cols.n).toBe(before + 1);
    expect(cols.newest({ organisationId: org }, 1)).toEqual([id]);
    await expectSame((await index.current(org))!, { organisationId: org }, 'day');
  });

  it('loads again after a deletion or a story stored with an old date, and reads SQL until then', async () => {
    await store(21, new Date(Date.now() - 90 * 86_400_000));
    expect(await index.current(org)).toBeNull();
    expect(await index.ready(org)).toBe(true);
    const [victim] = await queryRows<{ id: string }>(database.db, sql`select id from story where organisation_id = ${org} order by received_at limit 1`);
    await database.db.execute(sql`delete from story where id = ${victim!.id}`);
    expect(await index.current(org)).toBeNull();
    expect(await index.ready(org)).toBe(true);
    const cols = (await index.current(org))!;
    const [{ n }] = (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from story where organisation_id = ${org}`)) as [{ n: number }];
    expect(cols.n).toBe(n);
    const rnd = mulberry32(8);
    for (let i = 0; i < 15; i++) await expectSame(cols, randomFilter(rnd), 'week');
  });

  it('adds a burst larger than a load chunk by loading again', async () => {
    const before = (await index.current(org))!.n;
    await Promise.all(Array.from({ length: 150 }, (_, i) => store(100 + i)));
    expect(await index.current(org)).toBeNull();
    expect(await index.ready(org)).toBe(true);
    expect((await index.current(org))!.n).toBe(before + 150);
  });

  it('reads SQL when a pull fails, and loads again', async () => {
    let failing = false;
    const errors: unknown[] = [];
    const flaky = new Proxy(database.db, {
      get: (target, key) => (key === 'execute' && failing ? () => Promise.reject(new Error('verbinding verbroken')) : Reflect.get(target, key)),
    });
    const own = new DashboardIndex(flaky, { onError: (err) => errors.push(err) });
    try {
      expect(await own.ready(org)).toBe(true);
      failing = true;
      expect(await own.current(org)).toBeNull();
      expect(errors).toHaveLength(1);
      failing = false;
      expect(await own.ready(org)).toBe(true);
      await expectSame((await own.current(org))!, { organisationId: org }, 'month');
    } finally {
      own.close();
    }
  });

  it('formats scale keys as PostgreSQL does', async () => {
    const values = [1, 2.5, -3, 0, 0.1, 0.00005, 0.0001, 1e-7, 123456789012345, 1e15, 1.5e16, 1e21, -2.5e-5, 1 / 3];
    const rows = await queryRows<{ t: string }>(database.db, sql`select x::text as t from unnest(${`{${values.join(',')}}`}::float8[]) with ordinality as u(x, i) order by i`);
    expect(values.map(pgFloatText)).toEqual(rows.map((r) => r.t));
  });

  it('shares one pull between concurrent reads, each seeing what committed before it', async () => {
    const before = (await index.current(org))!.n;
    const stored = Promise.all([store(31), store(32), store(33)]);
    const reads = await Promise.all(Array.from({ length: 8 }, () => index.current(org)));
    await stored;
    expect(reads.every((c) => c !== null)).toBe(true);
    expect((await index.current(org))!.n).toBe(before + 3);
  });

  more?.({ database: () => database, index: () => index, org: () => org, store: (seed) => store(seed) });
});
}
