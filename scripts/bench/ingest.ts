/**
 * Ingest benchmark: stories posted over HTTP by 8 concurrent clients against real PostgreSQL,
 * beside the raw single-row INSERT rate of the same story row into the same database, measured
 * in the same run. Target: HTTP/raw >= 0.5 and p99 < 50 ms.
 *
 *   npm run bench:ingest            (BENCH_SECONDS=15, BENCH_CLIENTS=8)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Pool } from 'undici';
import { answerFacts, type FrameworkDefinition } from '@vertelpunt/core';
import { getStory, insertStories, openDatabase } from '@vertelpunt/db';
import { closedLoop, cpuSeconds, percentile, scratchDatabase, startApi } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PASSWORD = 'bench-wachtwoord';

const db = await scratchDatabase('vt_bench_ingest');
const api = await startApi({ DATABASE_URL: db.url, MIGRATE_ON_START: 'true', DEMO_PASSWORD: PASSWORD, NODE_ENV: 'development' });
try {
  const login = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'consulent@demostad.nl', password: PASSWORD }) });
  const session = (await login.json()) as { csrfToken: string; memberships: { organisationId: string }[] };
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const orgId = session.memberships[0]!.organisationId;
  const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken };
  const collections = (await (await fetch(`${api.url}/api/orgs/${orgId}/collections`, { headers })).json()) as { id: string; channels: string[] }[];
  const collection = collections.find((c) => c.channels.includes('web'))!;
  const sample = (await (await fetch(`${api.url}/api/orgs/${orgId}/stories?limit=1&collectionId=${collection.id}`, { headers })).json()) as { items: { id: string; promptId: string | null; title: string | null; text: string; answers: unknown }[] };
  const template = sample.items[0]!;
  const body = () => JSON.stringify({ id: randomUUID(), collectionId: collection.id, promptId: template.promptId ?? undefined, title: template.title ?? undefined, text: template.text, language: 'nl', createdAt: new Date().toISOString(), answers: template.answers });

  // undici's Pool directly: fetch() costs the load generator more CPU than the API spends.
  const client = new Pool(api.url, { connections: CLIENTS, pipelining: 1 });
  let errors = 0;
  const post = async () => {
    const res = await client.request({ method: 'POST', path: '/api/stories', headers, body: body() });
    await res.body.dump();
    if (res.statusCode !== 201) errors++;
  };
  await closedLoop(CLIENTS, 2000, post); // warm-up: JIT, pools, caches
  const apiCpu0 = await cpuSeconds(api.child.pid!);
  const selfCpu0 = process.cpuUsage();
  const http = await closedLoop(CLIENTS, SECONDS * 1000, post);
  const apiCpu = (await cpuSeconds(api.child.pid!)) - apiCpu0;
  const selfCpu = process.cpuUsage(selfCpu0);

  await client.close();

  // Baseline: the same story row, one INSERT per statement, CLIENTS connections.
  const pool = new pg.Pool({ connectionString: db.url, max: CLIENTS });
  const { rows } = await pool.query('select * from story where id = $1', [template.id]);
  const row = rows[0];
  const insert = async () => {
    await pool.query(
      `insert into story (id, organisation_id, collection_id, framework_version_id, prompt_id, title, text, language, channel, teller_kind, teller_user_id, panel_code, created_at, received_at, answers, content_hash)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,now(),$14,$15)`,
      [randomUUID(), row.organisation_id, row.collection_id, row.framework_version_id, row.prompt_id, row.title, row.text, row.language, row.channel, row.teller_kind, row.teller_user_id, row.panel_code, row.created_at, JSON.stringify(row.answers), 'bench'],
    );
  };
  await closedLoop(CLIENTS, 2000, insert);
  const raw = await closedLoop(CLIENTS, SECONDS * 1000, insert);

  // Where the gap is: the story's whole write (story row, its answer rows, its outbox record,
  // the rollup triggers) as the API's batcher issues it, without HTTP, one story per statement
  // and CLIENTS connections: what the database alone allows for a story the API accepts.
  const database = await openDatabase({ kind: 'postgres', url: db.url, poolSize: CLIENTS });
  const { rows: [fv] } = await pool.query('select definition from framework_version where id = $1', [row.framework_version_id]);
  const questions = (fv.definition as FrameworkDefinition).questions;
  const stored = await getStory(database.db, row.organisation_id, template.id);
  const write = async () => {
    const id = randomUUID();
    const story = { ...stored, id, contentHash: 'bench-whole', receivedAt: new Date() };
    await insertStories(database.db, [{ story, facts: answerFacts(questions, row.answers) }]);
  };
  await closedLoop(CLIENTS, 2000, write);
  const whole = await closedLoop(CLIENTS, SECONDS * 1000, write);
  // And grouped as the batcher groups concurrent stories: CLIENTS stories per statement, one in flight.
  const facts = answerFacts(questions, row.answers);
  const writeBatch = () => insertStories(database.db, Array.from({ length: CLIENTS }, () => ({ story: { ...stored, id: randomUUID(), contentHash: 'bench-whole', receivedAt: new Date() }, facts }))).then(() => {});
  await closedLoop(1, 2000, writeBatch);
  const grouped = await closedLoop(1, SECONDS * 1000, writeBatch);
  await database.close();
  await pool.end();

  const httpRate = http.latencies.length / http.seconds;
  const rawRate = raw.latencies.length / raw.seconds;
  const wholeRate = whole.latencies.length / whole.seconds;
  const groupedRate = (grouped.latencies.length * CLIENTS) / grouped.seconds;
  const f = (n: number) => n.toFixed(1);
  console.log(`ingest over HTTP (${CLIENTS} clients, ${SECONDS}s): ${f(httpRate)} stories/s, p50 ${f(percentile(http.latencies, 50))} ms, p99 ${f(percentile(http.latencies, 99))} ms, errors ${errors}`);
  console.log(`  CPU per story: API ${((apiCpu * 1000) / http.latencies.length).toFixed(2)} ms, load generator ${((selfCpu.user + selfCpu.system) / 1000 / http.latencies.length).toFixed(2)} ms`);
  console.log(`raw single-row INSERT (${CLIENTS} connections):   ${f(rawRate)} rows/s, p50 ${f(percentile(raw.latencies, 50))} ms, p99 ${f(percentile(raw.latencies, 99))} ms`);
  console.log(`whole story write (story, answer rows, outbox, triggers), no HTTP:`);
  console.log(`  one per statement, ${CLIENTS} connections: ${f(wholeRate)} stories/s, p50 ${f(percentile(whole.latencies, 50))} ms (/raw ${(wholeRate / rawRate).toFixed(2)})`);
  console.log(`  ${CLIENTS} per statement, one in flight:     ${f(groupedRate)} stories/s, p50 ${f(percentile(grouped.latencies, 50))} ms per statement (/raw ${(groupedRate / rawRate).toFixed(2)})`);
  console.log(`  the database alone caps HTTP/raw at ${(Math.max(wholeRate, groupedRate) / rawRate).toFixed(2)}; HTTP reaches ${((100 * httpRate) / Math.max(wholeRate, groupedRate)).toFixed(0)}% of that write rate`);
  console.log(`ratio HTTP/raw: ${(httpRate / rawRate).toFixed(2)} (target >= 0.5); p99 ${percentile(http.latencies, 99) < 50 ? 'meets' : 'misses'} the 50 ms target`);
} finally {
  await api.stop();
  await db.drop();
}
