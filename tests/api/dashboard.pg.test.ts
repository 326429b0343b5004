import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultFrameworkNl, FRAMEWORK_NL_IDS as Q } from '@vertelpunt/core/demo';
import { answerCounts, compactRollups, countStories, liveCounts, queryRows, splitByMonth, storyCounts, TRIAD_HEIGHT, type DashboardFilter } from '@vertelpunt/db';
import { openQueue, type EventBus } from '@vertelpunt/queue';
import { buildApp } from '../../apps/api/src/app.ts';
import { loadConfig } from '../../apps/api/src/config.ts';
import { seedDemo } from '../../apps/api/src/seed.ts';
import { createOrgFixture, login, type Client, type OrgFixture } from '../helpers/app.ts';
import { validStory } from '../helpers/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';
import type { FastifyInstance } from 'fastify';

const PASSWORD = 'dashboard-test-wachtwoord';
let database: TestDatabase;
let app: FastifyInstance;
let events: EventBus & { subscriptions: number };
let closeQueue: () => Promise<void>;
let orgId: string;
let analyst: Client;
let caseworker: Client;
let other: OrgFixture;

/** The in-process bus, counting live subscriptions so the test can see them cleaned up. */
function countingBus(inner: EventBus): EventBus & { subscriptions: number } {
  const bus = {
    subscriptions: 0,
    publish: inner.publish.bind(inner),
    close: inner.close.bind(inner),
    subscribe: ((name, handler) => {
      bus.subscriptions++;
      const off = inner.subscribe(name, handler);
      return () => {
        bus.subscriptions--;
        off();
      };
    }) as EventBus['subscribe'],
  };
  return bus;
}

beforeAll(async () => {
  database = await freshDatabase(inject('pgTemplate'));
  const seeded = await seedDemo(database.db, { password: PASSWORD, stories: 160 });
  orgId = seeded.organisationId;
  const q = openQueue(undefined);
  events = countingBus(q.events);
  closeQueue = async () => {
    await q.queue.close();
    await q.events.close();
  };
  app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/vertelpunt-dashboard-test', PORT: '0', LIVE_HEARTBEAT_MS: '200' }), database, queue: q.queue, events });
  await app.listen({ host: '127.0.0.1', port: 0 });
  analyst = await login(app, 'analist@demostad.nl', PASSWORD);
  caseworker = await login(app, 'consulent@demostad.nl', PASSWORD);
  other = await createOrgFixture(app, database, 'Anderstad');
});
afterAll(async () => {
  await app?.close();
  await closeQueue?.();
  await database?.destroy();
});

const get = (url: string, client = analyst) => client.inject({ method: 'GET', url });
const exportAs = (payload: object) => analyst.inject({ method: 'POST', url: `/api/orgs/${orgId}/dashboard/export`, payload });
const baseUrl = () => {
  const a = app.server.address();
  return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
};

describe('rollups', () => {
  it('give the same counts as the story tables, for every rollup-able filter', async () => {
    const [team] = await queryRows<{ id: string }>(database.db, sql`select id from team where organisation_id = ${orgId} order by name limit 1`);
    const filters: DashboardFilter[] = [
      { organisationId: orgId },
      { organisationId: orgId, channels: ['kiosk'] },
      { organisationId: orgId, teamIds: [team!.id, null], tellerKinds: ['staff', 'client'] },
      { organisationId: orgId, from: '2026-09-01', to: '2026-10-31', channels: ['web', 'tablet'] },
      // Whole months from the monthly rollup, the days at both edges from the daily one.
      { organisationId: orgId, from: '2026-08-17', to: '2026-11-05' },
      { organisationId: orgId, from: '2026-09-10', to: '2026-09-20', tellerKinds: ['client'] },
      { organisationId: orgId, from: '2026-09-01', teamIds: [null] },
      { organisationId: orgId, to: '2026-10-15' },
    ];
    const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
    const questions = [Q.situatie, Q.interventie, Q.uitkomst, Q.beleidPraktijk, Q.effect, Q.doorslag];
    for (const f of filters) {
      for (const grain of ['day', 'week', 'month'] as const) expect(sort(await storyCounts(database.db, f, grain, 'rollup'))).toEqual(sort(await storyCounts(database.db, f, grain, 'raw')));
      expect(sort(await answerCounts(database.db, f, questions, 'rollup'))).toEqual(sort(await answerCounts(database.db, f, questions, 'raw')));
    }
  });

  it('cut a period into whole months and edge days', () => {
    expect(splitByMonth('2026-08-17', '2026-11-05')).toEqual({ months: { from: '2026-09-01', before: '2026-11-01' }, days: [['2026-08-17', '2026-08-31'], ['2026-11-01', '2026-11-05']] });
    expect(splitByMonth('2026-09-01', '2026-10-31')).toEqual({ months: { from: '2026-09-01', before: '2026-11-01' }, days: [] });
    expect(splitByMonth('2026-09-10', '2026-09-20')).toEqual({ months: null, days: [['2026-09-10', '2026-09-20']] });
    expect(splitByMonth('2026-12-02', undefined)).toEqual({ months: { from: '2027-01-01' }, days: [['2026-12-02', '2026-12-31']] });
    expect(splitByMonth(undefined, '2024-02-28')).toEqual({ months: { before: '2024-02-01' }, days: [['2024-02-01', '2024-02-28']] });
    expect(splitByMonth(undefined, '2024-02-29')).toEqual({ months: { before: '2024-03-01' }, days: [] });
  });

  it('count the stories of one chosen option from the answer rollup, as the story tables do', async () => {
    const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
    const [opt] = await queryRows<{ o: string }>(database.db, sql`select option_id as o from story_answer where organisation_id = ${orgId} and question_id = ${Q.interventie} group by 1 order by count(*) desc limit 1`);
    for (const f of [
      { organisationId: orgId, answers: [{ questionId: Q.interventie, kind: 'option', optionIds: [opt!.o] }] },
      { organisationId: orgId, from: '2026-09-03', to: '2026-10-20', channels: ['web', 'kiosk'], answers: [{ questionId: Q.interventie, kind: 'option', optionIds: [opt!.o] }] },
    ] satisfies DashboardFilter[]) {
      for (const grain of ['day', 'month'] as const) expect(sort(await storyCounts(database.db, f, grain, 'rollup'))).toEqual(sort(await storyCounts(database.db, f, grain, 'raw')));
      const raw = (await storyCounts(database.db, f, 'month', 'raw')).reduce((n, r) => n + r.n, 0);
      expect(raw).toBeGreaterThan(0);
      expect(await countStories(database.db, f)).toBe(raw);
    }
  });

  /** Once the waiting changes are folded in, every month of the monthly rollup is the sum of its days, with no empty rows left. */
  const monthsEqualDays = async () => {
    await compactRollups(database.db);
    expect(await queryRows(database.db, sql`select 1 from answer_rollup_delta union all select 1 from story_rollup_delta`)).toEqual([]);
    const diff = await queryRows(
      database.db,
      sql`select * from (select organisation_id, month, collection_id, channel, teller_kind, team_id, question_id, key, n from answer_rollup_month
                        except all
                        select organisation_id, date_trunc('month', day)::date, collection_id, channel, teller_kind, team_id, question_id, key, sum(n)::int
                        from answer_rollup_day group by 1, 2, 3, 4, 5, 6, 7, 8) d
          union all
          select * from (select organisation_id, date_trunc('month', day)::date, collection_id, channel, teller_kind, team_id, question_id, key, sum(n)::int
                        from answer_rollup_day group by 1, 2, 3, 4, 5, 6, 7, 8
                        except all
                        select organisation_id, month, collection_id, channel, teller_kind, team_id, question_id, key, n from answer_rollup_month) d`,
    );
    expect(diff).toEqual([]);
    expect(await queryRows(database.db, sql`select 1 from answer_rollup_month where n <= 0 union all select 1 from answer_rollup_day where n <= 0`)).toEqual([]);
  };

  it('follow new stories and deleted ones', async () => {
    const before = (await get(`/api/orgs/${orgId}/dashboard/overview?grain=month`)).json().total as number;
    const [victim] = await queryRows<{ id: string }>(database.db, sql`select id from story where organisation_id = ${orgId} order by received_at limit 1`);
    await database.db.execute(sql`delete from story where id = ${victim!.id}`);
    expect((await get(`/api/orgs/${orgId}/dashboard/overview?grain=month`)).json().total).toBe(before - 1);
    const f = { organisationId: orgId };
    const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
    expect(sort(await answerCounts(database.db, f, [Q.situatie, Q.interventie], 'rollup'))).toEqual(sort(await answerCounts(database.db, f, [Q.situatie, Q.interventie], 'raw')));
    await monthsEqualDays();

    // A whole month of stories deleted at once, and answers deleted on their own: the month's
    // rows go with them.
    const [month] = await queryRows<{ m: string }>(database.db, sql`select to_char(month, 'YYYY-MM-DD') as m from answer_rollup_month where organisation_id = ${orgId} order by month limit 1`);
    await database.db.execute(sql`delete from story where organisation_id = ${orgId} and (received_at at time zone 'Europe/Amsterdam')::date >= ${month!.m}::date
                                  and (received_at at time zone 'Europe/Amsterdam')::date < (${month!.m}::date + interval '1 month')`);
    await compactRollups(database.db);
    expect(await queryRows(database.db, sql`select 1 from answer_rollup_month where organisation_id = ${orgId} and month = ${month!.m}::date`)).toEqual([]);
    const [other] = await queryRows<{ id: string }>(database.db, sql`select id from story where organisation_id = ${orgId} order by received_at desc limit 1`);
    await database.db.execute(sql`delete from story_answer where story_id = ${other!.id} and question_id = ${Q.interventie}`);
    await monthsEqualDays();
    await database.db.execute(sql`delete from story where id = ${other!.id}`);
    await monthsEqualDays();
    const whole = { organisationId: orgId, to: '2026-10-15' };
    expect(sort(await answerCounts(database.db, whole, [Q.situatie, Q.interventie, Q.effect], 'rollup'))).toEqual(sort(await answerCounts(database.db, whole, [Q.situatie, Q.interventie, Q.effect], 'raw')));
  });
});

describe('rollups through the delta tables', () => {
  const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  const questions = [Q.situatie, Q.interventie, Q.uitkomst, Q.effect, Q.beleidPraktijk];
  const exact = async (f: DashboardFilter) => {
    expect(sort(await answerCounts(database.db, f, questions, 'rollup'))).toEqual(sort(await answerCounts(database.db, f, questions, 'raw')));
    for (const grain of ['day', 'month'] as const) {
      expect(sort(await storyCounts(database.db, f, grain, 'rollup'))).toEqual(sort(await storyCounts(database.db, f, grain, 'raw')));
      const option = { ...f, answers: [{ questionId: Q.situatie, kind: 'option' as const, optionIds: ['schulden'] }] };
      expect(sort(await storyCounts(database.db, option, grain, 'rollup'))).toEqual(sort(await storyCounts(database.db, option, grain, 'raw')));
    }
  };

  it('count exactly while changes wait to be folded in, after folding, and with two folds at once', async () => {
    await compactRollups(database.db);
    const [collection] = await queryRows<{ id: string }>(database.db, sql`select id from collection where organisation_id = ${orgId} and 'web' = any(channels)`);
    const [template] = await queryRows<{ answers: object; prompt_id: string }>(database.db, sql`select answers, prompt_id from story where collection_id = ${collection!.id} and answers ? ${Q.situatie} limit 1`);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const story = { id: crypto.randomUUID(), collectionId: collection!.id, promptId: template!.prompt_id, text: `Verhaal ${i} over een gesprek over schulden en wat het opleverde.`, createdAt: new Date().toISOString(), answers: template!.answers };
      expect((await caseworker.inject({ method: 'POST', url: '/api/stories', payload: story })).statusCode).toBe(201);
      ids.push(story.id);
    }
    // One story deleted before its counts were folded in: its delta and its deletion cancel out.
    await database.db.execute(sql`delete from story where id = ${ids[0]!}`);
    const waiting = await queryRows<{ n: number }>(database.db, sql`select sum(n)::int as n from answer_rollup_delta where organisation_id = ${orgId}`);
    expect(waiting[0]!.n).toBeGreaterThan(0);
    const storiesNow = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from story where organisation_id = ${orgId}`))[0]!.n;
    expect((await liveCounts(database.db, orgId)).total).toBe(await storiesNow());
    const today = new Date().toISOString().slice(0, 10);
    for (const f of [{ organisationId: orgId }, { organisationId: orgId, from: today, to: today }, { organisationId: orgId, from: today, channels: ['web' as const] }]) await exact(f);

    // Two folds at once take each waiting row exactly once.
    const [a, b] = await Promise.all([compactRollups(database.db), compactRollups(database.db)]);
    expect(a + b).toBeGreaterThan(0);
    expect(await queryRows(database.db, sql`select 1 from answer_rollup_delta`)).toEqual([]);
    for (const f of [{ organisationId: orgId }, { organisationId: orgId, from: today, to: today }]) await exact(f);
    expect(await compactRollups(database.db)).toBe(0);

    // Deleted after folding: the negative delta counts it out at once, and folds to the same.
    await database.db.execute(sql`delete from story where id = ${ids[1]!}`);
    await exact({ organisationId: orgId, from: today, to: today });
    await compactRollups(database.db);
    await exact({ organisationId: orgId, from: today, to: today });
    expect(await queryRows(database.db, sql`select 1 from answer_rollup_day where n <= 0 union all select 1 from story_rollup_day where stories <= 0`)).toEqual([]);
    expect((await liveCounts(database.db, orgId)).total).toBe(await storiesNow());
  });
});

describe('dashboard reads', () => {
  it('are for roles that read every story', async () => {
    expect((await get(`/api/orgs/${orgId}/dashboard/overview`, caseworker)).statusCode).toBe(403);
    expect((await get(`/api/orgs/${orgId}/dashboard/meta`)).json().questions.map((q: { id: string }) => q.id)).toContain(Q.doorslag);
  });

  it('never leave a hidden count that subtraction gives back (complementary suppression)', async () => {
    const singleHidden = (xs: (number | null)[]) => xs.filter((n) => n === null).length === 1;
    for (const grain of ['day', 'week'] as const) {
      const o = (await get(`/api/orgs/${orgId}/dashboard/overview?grain=${grain}`)).json() as {
        total: number; buckets: string[]; series: Record<string, { key: string; counts: (number | null)[] }[]>; facets: Record<string, { key: string; n: number | null }[]>;
      };
      const all = o.series.all![0]!.counts;
      let hiddenSomewhere = false;
      for (const [facet, values] of Object.entries(o.facets)) {
        // The facet counts add up to the total (shown); each value's buckets to its facet count;
        // each bucket's values to the bucket's count.
        expect(singleHidden(values.map((v) => v.n)), `${grain} ${facet}`).toBe(false);
        for (const { key, counts } of o.series[facet]!) expect(singleHidden([...counts, values.find((v) => v.key === key)!.n]), `${grain} ${facet} ${key}`).toBe(false);
        o.buckets.forEach((b, i) => expect(singleHidden([...o.series[facet]!.map((x) => x.counts[i]!), all[i]!]), `${grain} ${facet} ${b}`).toBe(false));
        hiddenSomewhere ||= o.series[facet]!.some((x) => x.counts.includes(null));
      }
      expect(singleHidden([...all, o.total])).toBe(false);
      if (grain === 'day') expect(hiddenSomewhere).toBe(true);
    }
    // A question whose counts add up to the total (its sum is published): no single hidden count.
    const sig = (await get(`/api/orgs/${orgId}/dashboard/signifiers`)).json() as { total: number; counts: Record<string, Record<string, number | null>> };
    let partitions = 0;
    for (const [q, c] of Object.entries(sig.counts)) {
      const raw = await answerCounts(database.db, { organisationId: orgId }, [q], 'raw');
      if (raw.reduce((n, r) => n + r.n, 0) !== sig.total) continue;
      partitions++;
      expect(singleHidden(Object.values(c)), q).toBe(false);
    }
    expect(partitions).toBeGreaterThan(0);
  });

  it('never show a group of 1 to minN-1 stories as a number', async () => {
    const overview = (await get(`/api/orgs/${orgId}/dashboard/overview?grain=day`)).json();
    const cells = Object.values(overview.series as Record<string, { counts: (number | null)[] }[]>).flatMap((s) => s.flatMap((x) => x.counts));
    expect(cells).toContain(null);
    expect(cells.filter((n) => n !== null && n > 0 && n < 5)).toEqual([]);
    const sig = (await get(`/api/orgs/${orgId}/dashboard/signifiers`)).json();
    const counts = Object.values(sig.counts as Record<string, Record<string, number | null>>).flatMap((c) => Object.values(c));
    expect(counts.filter((n) => n !== null && n > 0 && n < 5)).toEqual([]);
    // One day holds too few stories: the whole view is withheld.
    const [day] = await queryRows<{ d: string }>(database.db, sql`select to_char((received_at at time zone 'Europe/Amsterdam')::date, 'YYYY-MM-DD') as d from story where organisation_id = ${orgId} group by 1 having count(*) between 1 and 4 limit 1`);
    const small = (await get(`/api/orgs/${orgId}/dashboard/signifiers?from=${day!.d}&to=${day!.d}`)).json();
    expect(small).toMatchObject({ suppressed: true, total: null, counts: {}, points: {} });
  });

  it('lists exactly the stories whose triad point lies in a brushed region', async () => {
    const region = [0.3, 0.2, 0.7, 0.6] as const;
    const res = (await get(`/api/orgs/${orgId}/dashboard/stories?a=${Q.doorslag}@${region.join(',')}&limit=200`)).json();
    const all = await queryRows<{ id: string; w: [number, number, number] | null }>(database.db, sql`select id, answers->${Q.doorslag}->'weights' as w from story where organisation_id = ${orgId}`);
    const inside = all.filter(({ w }) => {
      if (!w) return false;
      const x = w[0] / 2 + w[2];
      const y = TRIAD_HEIGHT * (1 - w[0]);
      return x >= region[0] && x <= region[2] && y >= region[1] && y <= region[3];
    });
    expect(inside.length).toBeGreaterThan(0);
    expect(res.total).toBe(inside.length);
    expect(res.items.map((s: { id: string }) => s.id).sort()).toEqual(inside.map((s) => s.id).sort());
    // The same brush filters the aggregates.
    expect((await get(`/api/orgs/${orgId}/dashboard/overview?a=${Q.doorslag}@${region.join(',')}`)).json().total).toBe(inside.length);
  });

  it('refuse a malformed answer condition with the field path', async () => {
    const res = await get(`/api/orgs/${orgId}/dashboard/stories?a=nonsense`);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('/querystring/a/0');
  });
});

describe('what works', () => {
  type Cell = { situation: string; intervention: string; suppressed: boolean; n?: number };
  const cellsOf = async (collectionId: string, query: string) => {
    const res = await get(`/api/orgs/${orgId}/collections/${collectionId}/what-works?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().cells as Cell[]).filter((c) => c.suppressed || (c.n ?? 0) > 0);
  };
  /** Rows per situation x intervention, counted here from the stories' own answers. */
  const expectedCells = async (collectionId: string, where: ReturnType<typeof sql>) => {
    const rows = await queryRows<{ answers: Record<string, { optionId?: string; optionIds?: string[] }> }>(database.db, sql`select answers from story s where s.collection_id = ${collectionId} and ${where}`);
    const n = new Map<string, number>();
    for (const { answers } of rows) {
      const situation = answers[Q.situatie]?.optionId;
      for (const i of answers[Q.interventie]?.optionIds ?? []) if (situation) n.set(`${situation}|${i}`, (n.get(`${situation}|${i}`) ?? 0) + 1);
    }
    return n;
  };
  const check = (cells: Cell[], expected: Map<string, number>) => {
    expect(cells.length).toBe(expected.size);
    for (const c of cells) {
      const n = expected.get(`${c.situation}|${c.intervention}`);
      // Minimum n exactly as before: a cell under it carries no number.
      if (n !== undefined && n < 5) expect(c).toEqual({ situation: c.situation, intervention: c.intervention, suppressed: true });
      else expect(c.n).toBe(n);
    }
  };

  it('gives each visible cell the mean outcome (scaled 0..1) and positive share of its stories', async () => {
    const [col] = await queryRows<{ id: string }>(database.db, sql`select id from collection where organisation_id = ${orgId} and 'web' = any(channels)`);
    const res = (await get(`/api/orgs/${orgId}/collections/${col!.id}/what-works`)).json() as { cells: { situation: string; intervention: string; suppressed: boolean; value?: { n: number; mean: number } | null; positive?: { n: number; share: number } | null }[] };
    const rows = await queryRows<{ answers: Record<string, { optionId?: string; optionIds?: string[]; value?: number; notApplicable?: boolean }> }>(database.db, sql`select answers from story s where s.collection_id = ${col!.id}`);
    const effect = defaultFrameworkNl().questions.find((q) => q.id === Q.effect) as { min: number; max: number };
    const positive = new Map((defaultFrameworkNl().questions.find((q) => q.id === Q.uitkomst) as { options: { id: string; positive?: boolean }[] }).options.map((o) => [o.id, o.positive ?? null]));
    let checked = 0;
    for (const cell of res.cells) {
      if (cell.suppressed || !cell.value) continue;
      const mine = rows.filter(({ answers }) => answers[Q.situatie]?.optionId === cell.situation && (answers[Q.interventie]?.optionIds ?? []).includes(cell.intervention));
      const values = mine.map(({ answers }) => answers[Q.effect]?.value).filter((v): v is number => typeof v === 'number').map((v) => (v - effect.min) / (effect.max - effect.min));
      expect(cell.value.n).toBe(values.length);
      expect(cell.value.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10);
      const known = mine.map(({ answers }) => positive.get(answers[Q.uitkomst]?.optionId ?? '') ?? null).filter((x) => x !== null);
      if (cell.positive) expect(cell.positive.share).toBeCloseTo(known.filter(Boolean).length / known.length, 10);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('takes the dashboard’s filters: channel, teller kind, team, answers and period', async () => {
    const [col] = await queryRows<{ id: string }>(database.db, sql`select id from collection where organisation_id = ${orgId} and 'web' = any(channels)`);
    const [team] = await queryRows<{ id: string }>(database.db, sql`select team_id as id from story where collection_id = ${col!.id} and team_id is not null group by 1 order by count(*) desc limit 1`);
    const all = await cellsOf(col!.id, '');
    check(all, await expectedCells(col!.id, sql`true`));

    const channels = await cellsOf(col!.id, 'channel=web&channel=tablet&teller=staff');
    check(channels, await expectedCells(col!.id, sql`s.channel in ('web', 'tablet') and s.teller_kind = 'staff'`));
    check(await cellsOf(col!.id, `team=${team!.id}`), await expectedCells(col!.id, sql`s.team_id = ${team!.id}`));
    const scaled = await cellsOf(col!.id, `a=${Q.effect}:3..5&from=2026-01-01`);
    check(scaled, await expectedCells(col!.id, sql`(s.answers->${Q.effect}->>'value')::float between 3 and 5 and s.received_at >= '2026-01-01'::timestamp at time zone 'Europe/Amsterdam'`));
    const n = (cells: Cell[]) => cells.reduce((t, c) => t + (c.n ?? 0), 0);
    expect(n(scaled)).toBeLessThan(n(all));
  });

  it('refuses a malformed answer condition with the field path', async () => {
    const [col] = await queryRows<{ id: string }>(database.db, sql`select id from collection where organisation_id = ${orgId} and 'web' = any(channels)`);
    const res = await get(`/api/orgs/${orgId}/collections/${col!.id}/what-works?a=nonsense`);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('/querystring/a/0');
  });
});

describe('export', () => {
  it('gives CSV and JSON of the filtered stories, without teller identities', async () => {
    const csv = await exportAs({ format: 'csv', channel: ['kiosk'] });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('id,received_at,collection,channel,teller_kind,team,title,text');
    const json = (await exportAs({ format: 'json', channel: ['kiosk'] })).json();
    expect(lines.length - 1).toBe(json.length);
    expect(JSON.stringify(json)).not.toMatch(/tellerUserId|panelCode/);
  });

  it('refuses a selection smaller than the minimum group size', async () => {
    const [s] = await queryRows<{ id: string }>(database.db, sql`select s.id from story s where organisation_id = ${orgId} limit 1`);
    const [opt] = await queryRows<{ o: string }>(database.db, sql`select option_id as o from story_answer where story_id = ${s!.id} and question_id = ${Q.situatie}`);
    const day = (await queryRows<{ d: string }>(database.db, sql`select to_char((received_at at time zone 'Europe/Amsterdam')::date, 'YYYY-MM-DD') as d from story where id = ${s!.id}`))[0]!.d;
    const res = await exportAs({ format: 'csv', from: day, to: day, a: [`${Q.situatie}:${opt!.o}`] });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/fewer than 5/);
  });
});

describe('live', () => {
  it('ends a stream once its session is logged out', async () => {
    const watcher = await login(app, 'analist@demostad.nl', PASSWORD);
    const res = await fetch(`${baseUrl()}/api/orgs/${orgId}/live`, { headers: { accept: 'text/event-stream', cookie: watcher.cookie } });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const readUntil = async (pattern: RegExp, ms: number) => {
      const end = Date.now() + ms;
      while (!pattern.test(buffer)) {
        const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, end - Date.now())))]);
        if (next === null) throw new Error(`no ${pattern} within ${ms} ms; got: ${buffer}`);
        if (next.done) throw new Error(`stream ended before ${pattern}; got: ${buffer}`);
        buffer += decoder.decode(next.value, { stream: true });
      }
    };
    // Heartbeats come while the session holds.
    await readUntil(/: heartbeat\n\n[\s\S]*: heartbeat\n\n/, 3_000);
    expect(buffer).not.toContain('event: ended');
    expect((await watcher.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBeLessThan(300);
    await readUntil(/event: ended\ndata: \{"reason":"session"\}/, 5_000);
    expect((await reader.read()).done).toBe(true);
  });

  it('answers JSON without an event-stream Accept header', async () => {
    const res = await get(`/api/orgs/${orgId}/live`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: expect.any(Number) });
  });

  it('streams this organisation’s new counts, not another’s, and unsubscribes on close', async () => {
    const baseline = events.subscriptions;
    const controller = new AbortController();
    const res = await fetch(`${baseUrl()}/api/orgs/${orgId}/live`, { headers: { accept: 'text/event-stream', cookie: analyst.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextCounters = async (): Promise<{ total: number }> => {
      for (;;) {
        const m = /event: counters\ndata: (.*)\n\n/.exec(buffer);
        if (m) {
          buffer = buffer.slice(m.index + m[0].length);
          return JSON.parse(m[1]!);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    const first = await nextCounters();
    expect(events.subscriptions).toBeGreaterThan(baseline);

    // Another organisation's story: no event for this one.
    expect((await other.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: validStory(other.collectionId) })).statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 600));
    expect(buffer).not.toContain('event: counters');

    const [collection] = await queryRows<{ id: string }>(database.db, sql`select id from collection where organisation_id = ${orgId} and 'web' = any(channels)`);
    const [template] = await queryRows<{ answers: object; prompt_id: string }>(database.db, sql`select answers, prompt_id from story where collection_id = ${collection!.id} limit 1`);
    const story = { id: crypto.randomUUID(), collectionId: collection!.id, promptId: template!.prompt_id, text: 'Een verhaal over een huisbezoek dat veel verschil maakte voor de klant.', createdAt: new Date().toISOString(), answers: template!.answers };
    const posted = await caseworker.inject({ method: 'POST', url: '/api/stories', payload: story });
    expect(posted.statusCode, posted.body).toBe(201);
    expect((await nextCounters()).total).toBe(first.total + 1);

    controller.abort();
    await reader.cancel().catch(() => {});
    await expect.poll(() => events.subscriptions, { timeout: 2000 }).toBe(baseline);
  });

  it('refuses another organisation’s users', async () => {
    const res = await fetch(`${baseUrl()}/api/orgs/${orgId}/live`, { headers: { accept: 'text/event-stream', cookie: other.as.admin.cookie } });
    expect(res.status).toBe(403);
  });
});
