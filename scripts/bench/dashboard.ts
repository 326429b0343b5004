/**
 * Dashboard benchmark: 1M stories (BENCH_STORIES) with their answer rows in one organisation,
 * spread over two years, loaded by INSERT … SELECT generate_series into a scratch database on
 * real PostgreSQL (the rollup triggers run as for any write). Then the dashboard's aggregate
 * calls over HTTP (p50/p95), beside the raw SQL time of the same aggregate in the same run, and
 * the same aggregate read from the story tables instead of the rollups. Target: HTTP p95 < 50 ms.
 *
 *   npm run bench:dashboard            (BENCH_STORIES=1000000, BENCH_SECONDS=5 per call)
 *
 * BENCH_KEEP=1 keeps the loaded database; BENCH_REUSE=<its url> measures it again without
 * loading (the API migrates it first), e.g. before and after a change of the read path.
 */
import pg from 'pg';
import { Pool } from 'undici';
import { PgDialect } from 'drizzle-orm/pg-core';
import { FRAMEWORK_NL_IDS as Q, INTERVENTIONS, OUTCOMES, SITUATIONS, TELLER_ROLES } from '@vertelpunt/core/demo';
import { answerCountsSql, outcomeGroupsSql, pointsSql, storyCountsSql, type DashboardFilter, type ReadPath } from '@vertelpunt/db';
import { closedLoop, percentile, rssMb, scratchDatabase, startApi } from './lib.ts';

const STORIES = Number(process.env.BENCH_STORIES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BATCH = 100_000;
const PASSWORD = 'bench-wachtwoord';

const REUSE = process.env.BENCH_REUSE;
const db = REUSE ? { url: REUSE, drop: async () => {} } : await scratchDatabase('vt_bench_dashboard');
const api = await startApi({ DATABASE_URL: db.url, MIGRATE_ON_START: 'true', DEMO_PASSWORD: PASSWORD, NODE_ENV: 'development' });
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
try {
  const { rows: [ids] } = await pool.query(`
    select o.id as org, fv.id as fv,
      (select id from collection where organisation_id = o.id and not ('kiosk' = any(channels))) as staff,
      (select id from collection where organisation_id = o.id and 'kiosk' = any(channels)) as kiosk,
      (select array_agg(id order by name) from team where organisation_id = o.id) as teams
    from organisation o join framework_version fv on fv.organisation_id = o.id where o.slug = 'demo'`);
  const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

  if (!REUSE) await loadStories();
  async function loadStories() {
    console.log(`loading ${STORIES.toLocaleString('nl')} stories…`);
    const t0 = performance.now();
    // A bulk load like an import: triggers (rollups, foreign keys) off, the rollups rebuilt after in
    // one pass with the statements of migrations/0005 (the per-batch trigger path is what the tests
    // check). Stories arrive in time order, as they do in use; ids are sequential so the load
    // stays within a few minutes on two cores (random v4 ids double it; reads do not depend on it).
    const load = await pool.connect();
    await load.query(`set session_replication_role = replica`);
    for (let lo = 1; lo <= STORIES; lo += BATCH) {
      const hi = Math.min(STORIES, lo + BATCH - 1);
      await load.query(
        `with s as (
           insert into story (id, organisation_id, collection_id, framework_version_id, text, language, channel, teller_kind, team_id, created_at, received_at, answers, content_hash)
           select ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, $1, case when k then $4::uuid else $3::uuid end, $2, 'Bench-verhaal ' || g, 'nl',
                  (case when k then 'kiosk' else (array['web','tablet','interview'])[1 + g % 3] end)::channel,
                  (case when k then 'client' else 'staff' end)::teller_kind,
                  case when k then null else ($5::uuid[])[1 + (g / 3) % 3] end, ts, ts, '{}'::jsonb, 'bench'
           from (select g, g % 7 = 0 as k, now() - (1 - g::float8 / $8) * interval '730 days' - random() * interval '1 hour' as ts from generate_series($6::int, $7::int) g) x
           returning id, organisation_id, collection_id, received_at
         ), r as (select s.*, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8 from s)
         insert into story_answer (story_id, ordinal, organisation_id, collection_id, question_id, kind, not_applicable, option_id, item_id, v1, v2, v3, received_at)
         select r.id, a.ord, r.organisation_id, r.collection_id, a.q, a.kind, false, a.opt, a.item, a.v1, a.v2, a.v3, r.received_at
         from r cross join lateral (values
           (0::smallint, '${Q.doorslag}', 'triad', null::text, null::text, r.r1, (1 - r.r1) * r.r2, (1 - r.r1) * (1 - r.r2)),
           (1, '${Q.beleidPraktijk}', 'dyad', null, null, r.r3, null, null),
           (2, '${Q.krachtenveld}', 'stones', null, 'klant', r.r4, r.r5, null),
           (3, '${Q.situatie}', 'singleChoice', (${arr(SITUATIONS)})[1 + floor(r.r6 * ${SITUATIONS.length})::int], null, null, null, null),
           (4, '${Q.interventie}', 'multipleChoice', (${arr(INTERVENTIONS)})[1 + floor(r.r7 * ${INTERVENTIONS.length})::int], null, null, null, null),
           (5, '${Q.uitkomst}', 'singleChoice', (${arr(OUTCOMES)})[1 + floor(r.r8 * ${OUTCOMES.length})::int], null, null, null, null),
           (6, '${Q.effect}', 'scale', null, null, 1 + floor(r.r2 * 5), null, null),
           (7, '${Q.verteller}', 'singleChoice', (${arr(TELLER_ROLES)})[1 + floor(r.r3 * ${TELLER_ROLES.length})::int], null, null, null, null)
         ) as a(ord, q, kind, opt, item, v1, v2, v3)`,
        [ids.org, ids.fv, ids.staff, ids.kiosk, ids.teams, lo, hi, STORIES],
      );
      process.stdout.write(`  ${hi.toLocaleString('nl')} (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
    }
    await load.query(`set session_replication_role = origin`);
    // Rebuilt from the stories: what the seed left waiting in the delta tables is in there too.
    await load.query(`delete from story_rollup_day; delete from answer_rollup_day; delete from story_rollup_delta; delete from answer_rollup_delta`);
    await load.query(`insert into story_rollup_day (organisation_id, day, collection_id, channel, teller_kind, team_id, stories)
      select organisation_id, (received_at at time zone 'Europe/Amsterdam')::date, collection_id, channel, teller_kind, team_id, count(*) from story group by 1, 2, 3, 4, 5, 6 order by 1, 2`);
    await load.query(`insert into answer_rollup_day (organisation_id, day, collection_id, channel, teller_kind, team_id, question_id, key, n)
      select s.organisation_id, (s.received_at at time zone 'Europe/Amsterdam')::date, s.collection_id, s.channel, s.teller_kind, s.team_id, a.question_id,
             dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1), count(*)
      from story_answer a join story s on s.id = a.story_id where dashboard_answer_key(a.kind, a.not_applicable, a.option_id, a.v1) is not null
      group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2`);
    load.release();
    await pool.query('vacuum analyze');
    const counts = (await pool.query(`select (select count(*) from story)::int as stories, (select count(*) from story_answer)::int as answers,
      (select count(*) from story_rollup_day)::int as story_rollup, (select count(*) from answer_rollup_day)::int as answer_rollup, (select count(*) from answer_rollup_month)::int as answer_rollup_month`)).rows[0];
    console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`);
  }

  const login = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'analist@demostad.nl', password: PASSWORD }) });
  const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
  const client = new Pool(api.url, { connections: 2 });

  // The reads beyond the rollups come from the API's in-memory index (packages/db/src/dashboard-index):
  // opening the dashboard (meta) starts loading it; measure once it holds every story.
  const t0 = performance.now();
  const rssBefore = Math.round(await rssMb(api.child.pid!));
  for (;;) {
    const meta = (await (await fetch(`${api.url}/api/orgs/${ids.org}/dashboard/meta`, { headers })).json()) as { index: { state: string; stories: number } };
    if (meta.index.state === 'ready' && meta.index.stories >= STORIES) {
      console.log(`dashboard index: ${meta.index.stories.toLocaleString('nl')} stories ready after ${((performance.now() - t0) / 1000).toFixed(1)} s; API RSS ${rssBefore} -> ${Math.round(await rssMb(api.child.pid!))} MB`);
      break;
    }
    if (meta.index.state !== 'loading' && meta.index.state !== 'ready') {
      console.log(`dashboard index: ${meta.index.state}; the reads beyond the rollups go to SQL`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  const day = (d: Date) => d.toISOString().slice(0, 10);
  const to = new Date();
  const from = new Date(to.getTime() - 91 * 86_400_000);
  const period = { from: day(from), to: day(to) };
  const base: DashboardFilter = { organisationId: ids.org, ...period };
  const team: DashboardFilter = { ...base, teamIds: [ids.teams[0]] };
  const questions = [Q.situatie, Q.interventie, Q.uitkomst, Q.effect, Q.verteller, Q.beleidPraktijk, Q.maatwerkRegels, Q.snelGedegen, Q.ervaring, Q.doorslag];
  const debt: DashboardFilter = { ...base, answers: [{ questionId: Q.situatie, kind: 'option', optionIds: ['schulden'] }] };
  const region = [0.3, 0.2, 0.5, 0.4] as const;
  const triad: DashboardFilter = { ...base, answers: [{ questionId: Q.doorslag, kind: 'triad', x0: region[0], y0: region[1], x1: region[2], y1: region[3] }] };

  const works = { collectionId: ids.staff, situation: Q.situatie, intervention: Q.interventie, outcome: Q.uitkomst, value: Q.effect };
  const dialect = new PgDialect();
  const sqlOf = (q: ReturnType<typeof storyCountsSql>) => dialect.sqlToQuery(q);
  const cases: { name: string; url: string; sql?: ReturnType<typeof storyCountsSql>; raw?: ReturnType<typeof storyCountsSql>; beyond?: boolean }[] = [
    { name: 'overview, 3 months, per week', url: `/api/orgs/${ids.org}/dashboard/overview?from=${period.from}&to=${period.to}&grain=week`, sql: storyCountsSql(base, 'week'), raw: storyCountsSql(base, 'week', 'raw' as ReadPath) },
    { name: 'overview, 3 months, one team, per day', url: `/api/orgs/${ids.org}/dashboard/overview?from=${period.from}&to=${period.to}&grain=day&team=${ids.teams[0]}`, sql: storyCountsSql(team, 'day'), raw: storyCountsSql(team, 'day', 'raw') },
    { name: 'overview, all time, per month', url: `/api/orgs/${ids.org}/dashboard/overview?grain=month`, sql: storyCountsSql({ organisationId: ids.org }, 'month'), raw: storyCountsSql({ organisationId: ids.org }, 'month', 'raw') },
    { name: 'signifiers, 3 months (answer counts)', url: `/api/orgs/${ids.org}/dashboard/signifiers?from=${period.from}&to=${period.to}`, sql: answerCountsSql(base, questions), raw: answerCountsSql(base, questions, 'raw') },
    { name: '  … its points (newest 3000)', url: '', sql: pointsSql(base, [Q.doorslag, Q.krachtenveld], 3000) },
    { name: 'signifiers, all time (answer counts)', url: `/api/orgs/${ids.org}/dashboard/signifiers`, sql: answerCountsSql({ organisationId: ids.org }, questions) },
    { name: 'overview, 3 months, situation = debt', url: `/api/orgs/${ids.org}/dashboard/overview?from=${period.from}&to=${period.to}&grain=week&a=${Q.situatie}:schulden`, sql: storyCountsSql(debt, 'week'), raw: storyCountsSql(debt, 'week', 'raw') },
    // Beyond the rollups: a brushed region, and answer counts within an answer filter.
    { name: 'overview, 3 months, triad region (no rollup)', url: `/api/orgs/${ids.org}/dashboard/overview?from=${period.from}&to=${period.to}&grain=week&a=${Q.doorslag}@${region.join(',')}`, sql: storyCountsSql(triad, 'week'), beyond: true },
    { name: 'signifiers, 3 months, situation = debt (no rollup)', url: `/api/orgs/${ids.org}/dashboard/signifiers?from=${period.from}&to=${period.to}&a=${Q.situatie}:schulden`, sql: answerCountsSql(debt, questions), beyond: true },
    { name: 'signifiers, 3 months, triad region (no rollup)', url: `/api/orgs/${ids.org}/dashboard/signifiers?from=${period.from}&to=${period.to}&a=${Q.doorslag}@${region.join(',')}`, sql: answerCountsSql(triad, questions), beyond: true },
    { name: 'what works, 3 months (no rollup)', url: `/api/orgs/${ids.org}/collections/${ids.staff}/what-works?from=${period.from}&to=${period.to}`, sql: outcomeGroupsSql({ ...works, filter: base }), beyond: true },
    { name: 'what works, all time (no rollup)', url: `/api/orgs/${ids.org}/collections/${ids.staff}/what-works`, sql: outcomeGroupsSql({ ...works, filter: { organisationId: ids.org } }), beyond: true },
    { name: 'live counters', url: `/api/orgs/${ids.org}/live`, sql: storyCountsSql({ organisationId: ids.org, from: day(to), to: day(to) }, 'day') },
  ];

  const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
  const sqlLatency = async (q: ReturnType<typeof storyCountsSql>) => {
    const { sql: text, params } = sqlOf(q);
    const c = await pool.connect();
    try {
      return await closedLoop(1, Math.min(SECONDS, 3) * 1000, async () => void (await c.query(text, params)));
    } finally {
      c.release();
    }
  };
  console.log(`\n${'call'.padEnd(50)} ${'HTTP p50'.padStart(10)} ${'HTTP p95'.padStart(10)} ${'SQL p50'.padStart(10)} ${'SQL p95'.padStart(10)} ${'no-rollup p50'.padStart(14)}`);
  let worst = 0;
  let worstBeyond = 0;
  for (const c of cases) {
    let http: number[] = [];
    if (c.url) {
      const call = async () => {
        const res = await client.request({ method: 'GET', path: c.url, headers });
        await res.body.dump();
        if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode}`);
      };
      await closedLoop(1, 1000, call);
      http = (await closedLoop(1, SECONDS * 1000, call)).latencies;
      if (c.beyond) worstBeyond = Math.max(worstBeyond, percentile(http, 95));
      else worst = Math.max(worst, percentile(http, 95));
    }
    const sqlTimes = c.sql ? (await sqlLatency(c.sql)).latencies : [];
    const rawTimes = c.raw ? (await sqlLatency(c.raw)).latencies : [];
    console.log(
      `${c.name.padEnd(50)} ${http.length ? ms(percentile(http, 50)) : '         –'} ${http.length ? ms(percentile(http, 95)) : '         –'} ${sqlTimes.length ? ms(percentile(sqlTimes, 50)) : '         –'} ${sqlTimes.length ? ms(percentile(sqlTimes, 95)) : '         –'} ${rawTimes.length ? ms(percentile(rawTimes, 50)).padStart(14) : '             –'}`,
    );
  }
  console.log(`\nworst HTTP p95: ${worst.toFixed(1)} ms (target < 50 ms): ${worst < 50 ? 'OK' : 'OVER'}; beyond the rollups (index): ${worstBeyond.toFixed(1)} ms: ${worstBeyond < 50 ? 'OK' : 'OVER'}`);
  console.log(`API RSS after the calls: ${Math.round(await rssMb(api.child.pid!))} MB`);
  await client.close();
} finally {
  await pool.end();
  await api.stop();
  if (process.env.BENCH_KEEP === '1') console.log(`kept ${db.url}`);
  else await db.drop();
}
