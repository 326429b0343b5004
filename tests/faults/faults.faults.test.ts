import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayPostgres, ThrowawayRedis } from '../helpers/services.ts';
import { demoLogin } from '../../scripts/bench/lib.ts';
import { PASSWORD, Proc, StoryClient, newTally, prefix, settle, type Invariants } from './harness.ts';

/**
 * Proof that nothing is lost. The system runs as in production (API and worker as their own
 * processes, real PostgreSQL and Redis of our own on other ports) while stories keep arriving
 * and things break. After each scenario: every acknowledged story stored exactly once and
 * enriched exactly once, no 5xx but the documented 503, and the queue drained.
 */
const REDIS_DOWN_MS = Number(process.env.FAULTS_REDIS_DOWN_MS ?? 30_000);

let pgServer: ThrowawayPostgres;
let redis: ThrowawayRedis;
let api: Proc;
let worker: Proc;
let client: StoryClient;
const tablets: StoryClient[] = [];
let baseUrl: string;
let env: { pgUrl: string; redisUrl: string; prefix: string };
const results: Invariants[] = [];

function check(r: Invariants) {
  results.push(r);
  console.log(
    `[faults] ${r.scenario.padEnd(34)} acknowledged ${String(r.acknowledged).padStart(4)}  stored ${String(r.stored).padStart(4)}  enriched ${String(r.enriched).padStart(4)}  duplicates ${r.duplicates}  lost ${r.lost}  5xx ${r.unexpected5xx}  503 ${r.status503}  queue left ${r.queueLeft}  outbox left ${r.outboxLeft}  failed jobs ${r.failedJobs}`,
  );
  expect(api.crashed, 'the API process crashed').toBeUndefined();
  expect(worker.crashed, 'the worker process crashed').toBeUndefined();
  expect(r.acknowledged).toBeGreaterThan(0);
  expect({ lost: r.lost, duplicates: r.duplicates, unexpected5xx: r.unexpected5xx, queueLeft: r.queueLeft, outboxLeft: r.outboxLeft, failedJobs: r.failedJobs }).toEqual({ lost: 0, duplicates: 0, unexpected5xx: 0, queueLeft: 0, outboxLeft: 0, failedJobs: 0 });
  expect(r.enriched).toBe(r.stored);
}

beforeAll(async () => {
  [pgServer, redis] = await Promise.all([ThrowawayPostgres.create(), ThrowawayRedis.create()]);
  env = { pgUrl: pgServer.url, redisUrl: redis.url, prefix: prefix() };
  const common = { DATABASE_URL: env.pgUrl, REDIS_URL: env.redisUrl, QUEUE_PREFIX: env.prefix, NODE_ENV: 'development' };
  api = new Proc('apps/api/src/main.ts', { ...common, PORT: '0', MIGRATE_ON_START: 'true', DEMO_PASSWORD: PASSWORD, DATA_DIR: `${pgServer.dir}/api-data` });
  baseUrl = (await api.start(/draait op (http:\/\/\S+)/))[1]!;
  worker = new Proc('apps/worker/src/main.ts', { ...common, WORKER_LOCK_MS: '2000', LOG_LEVEL: 'info' });
  await worker.start(/worker started/);
  const { headers, organisationId } = await demoLogin(baseUrl, 'consulent@demostad.nl', PASSWORD);
  const collections = (await (await fetch(`${baseUrl}/api/orgs/${organisationId}/collections`, { headers })).json()) as { id: string; channels: string[] }[];
  const staffCollection = collections.find((c) => c.channels.includes('web'))!.id;
  client = new StoryClient(baseUrl, headers, staffCollection);
  // Five tablets paired to the staff collection, for the offline sync scenario.
  const admin = await demoLogin(baseUrl, 'admin@demostad.nl', PASSWORD);
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${baseUrl}/api/orgs/${organisationId}/devices`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: `Tablet ${i}`, kind: 'tablet', collectionId: staffCollection }) });
    const { token } = (await res.json()) as { token: string };
    tablets.push(new StoryClient(baseUrl, { authorization: `Bearer ${token}` }, staffCollection));
  }
  // The demo stories are there before any scenario; let the pipeline take them first.
  await settle('warm-up', newTally(), env);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await Promise.all(tablets.map((t) => t.close()));
  await worker?.kill('SIGTERM');
  await api?.kill('SIGTERM');
  await redis?.stop();
  await pgServer?.destroy();
  console.log(`[faults] ${results.length} scenarios: ${results.reduce((n, r) => n + r.acknowledged, 0)} stories acknowledged, ${results.reduce((n, r) => n + r.lost, 0)} lost, ${results.reduce((n, r) => n + r.duplicates, 0)} duplicated`);
});

describe('fault scenarios, with stories arriving throughout', () => {
  it(`1. Redis stopped for ${REDIS_DOWN_MS / 1000} s, then started`, async () => {
    const tally = newTally();
    const stream = client.stream(tally, 20);
    await new Promise((r) => setTimeout(r, 1_000));
    await redis.stop();
    await new Promise((r) => setTimeout(r, REDIS_DOWN_MS));
    await redis.start();
    await new Promise((r) => setTimeout(r, 1_000));
    await stream.stop();
    check(await settle('redis stopped and started', tally, env));
  }, REDIS_DOWN_MS + 180_000);

  it('2. the worker killed with SIGKILL mid-batch, then restarted', async () => {
    const tally = newTally();
    const batch = Promise.all(Array.from({ length: 300 }, () => client.send(client.story(), tally)));
    // Kill it once it is working through the batch: some stories enriched, others not yet.
    for (;;) {
      const now = await settle('worker killed (before the kill)', tally, env, 0);
      if (now.enriched >= 10) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await worker.kill('SIGKILL');
    const atKill = await settle('worker killed (at the kill)', tally, env, 0);
    await batch;
    const afterBatch = await settle('worker killed (batch sent)', tally, env, 0);
    expect(atKill.enriched, 'the worker was killed in the middle of the batch').toBeLessThan(afterBatch.stored);
    const stream = client.stream(tally, 20);
    await new Promise((r) => setTimeout(r, 2_000));
    await worker.start(/worker started/);
    await stream.stop();
    check(await settle('worker killed mid-batch', tally, env));
  }, 180_000);

  it('3. PostgreSQL restarted: 503 with Retry-After while it is away, clients retry with the same ids', async () => {
    const tally = newTally();
    const stream = client.stream(tally, 20);
    await new Promise((r) => setTimeout(r, 1_000));
    await pgServer.stop('fast');
    const during = await fetch(`${baseUrl}/api/ready`);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).not.toBeNull();
    await new Promise((r) => setTimeout(r, 3_000));
    await pgServer.start();
    await new Promise((r) => setTimeout(r, 2_000));
    await stream.stop();
    const r = await settle('postgres restarted', tally, env);
    expect(r.status503).toBeGreaterThan(0);
    check(r);
  }, 180_000);

  it('4. 500 stories from offline devices synced at once, each sent twice', async () => {
    const tally = newTally();
    // Each tablet comes back online with 100 queued stories and, unsure what got through,
    // sends its whole queue twice.
    const queues = tablets.map((t) => ({ t, stories: Array.from({ length: 100 }, () => t.story()) }));
    await Promise.all(queues.flatMap(({ t, stories }) => [...stories, ...stories].map((s) => t.send(s, tally))));
    const r = await settle('500 offline stories sent twice', tally, env);
    expect(r.acknowledged).toBe(500);
    check(r);
  }, 180_000);

  it('5. the same story id posted 10 times concurrently', async () => {
    const tally = newTally();
    const story = client.story();
    const oks = await Promise.all(Array.from({ length: 10 }, () => client.send(story, tally)));
    expect(oks.every(Boolean)).toBe(true);
    const r = await settle('same id posted 10x at once', tally, env);
    expect(r.acknowledged).toBe(1);
    check(r);
  }, 60_000);
});
