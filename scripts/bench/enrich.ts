/**
 * Enrichment benchmark, production shape (API and worker processes, real PostgreSQL, Redis):
 * 1. latency: stories arrive at 20/s; for each, the time from the API's 201 to the
 *    'story.enriched' event. Target: p95 < 1 s.
 * 2. throughput: a burst of stories, timed until the last is enriched, beside the pure
 *    enrichment computation (language, stems, sentiment) of the same texts in this process:
 *    the ratio says how much the queue, database and events cost on top of the analysis.
 *
 *   npm run bench:enrich     (BENCH_SECONDS=30, BENCH_RATE=20, BENCH_BURST=1000)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { detectLanguage, prepareCorpus, sentiment } from '@vertelpunt/analytics';
import { defaultFrameworkNl, demoStories } from '@vertelpunt/core/demo';
import { RedisEvents } from '@vertelpunt/queue';
import { demoLogin, percentile, scratchDatabase, startApi, startProcess } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-wachtwoord';
const prefix = `vt-bench-${randomBytes(3).toString('hex')}`;

const db = await scratchDatabase('vt_bench_enrich');
const common = { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: prefix, NODE_ENV: 'development' };
const api = await startApi({ ...common, MIGRATE_ON_START: 'true', DEMO_PASSWORD: PASSWORD });
const worker = await startProcess('apps/worker/src/main.ts', { ...common, LOG_LEVEL: 'info' }, /worker started/);
const events = new RedisEvents(REDIS_URL, prefix);
try {
  const { headers, organisationId } = await demoLogin(api.url, 'consulent@demostad.nl', PASSWORD);
  const collections = (await (await fetch(`${api.url}/api/orgs/${organisationId}/collections`, { headers })).json()) as { id: string; channels: string[] }[];
  const collectionId = collections.find((c) => c.channels.includes('web'))!.id;
  const templates = demoStories(defaultFrameworkNl(), { count: 500, seed: 11, now: new Date() }).filter((s) => s.channel === 'web');
  const http = new Pool(api.url, { connections: 16 });
  let n = 0;
  const acked = new Map<string, number>();
  const done = new Map<string, number>();
  events.subscribe('story.enriched', (e) => done.set(e.storyId, performance.now()));
  await new Promise((r) => setTimeout(r, 500));
  const post = async () => {
    const t = templates[n++ % templates.length]!;
    const id = randomUUID();
    const res = await http.request({ method: 'POST', path: '/api/stories', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ id, collectionId, promptId: t.promptId, title: t.title, text: t.text, createdAt: new Date().toISOString(), answers: t.answers }) });
    await res.body.dump();
    if (res.statusCode !== 201) throw new Error(`story refused: ${res.statusCode}`);
    acked.set(id, performance.now());
    return id;
  };
  const waitAll = async (ids: string[], ms: number) => {
    const end = Date.now() + ms;
    while (ids.some((id) => !done.has(id)) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  };

  // Let the demo stories' enrichment pass first.
  await new Promise((r) => setTimeout(r, 3000));

  // 1. Latency at a steady arrival rate.
  const steady: Promise<string>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SECONDS * RATE; i++) {
    steady.push(post());
    const next = t0 + ((i + 1) * 1000) / RATE;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const steadyIds = await Promise.all(steady);
  await waitAll(steadyIds, 30_000);
  const lat = steadyIds.filter((id) => done.has(id)).map((id) => done.get(id)! - acked.get(id)!).sort((a, b) => a - b);
  const missing = steadyIds.length - lat.length;

  // 2. Throughput: a burst, as fast as the API takes it.
  const b0 = performance.now();
  const burstIds = await Promise.all(Array.from({ length: BURST }, () => post()));
  await waitAll(burstIds, 300_000);
  const burstSeconds = (Math.max(...burstIds.map((id) => done.get(id) ?? performance.now())) - b0) / 1000;
  const pipelineRate = burstIds.filter((id) => done.has(id)).length / burstSeconds;

  // Baseline: the analysis alone, in this process, on the same texts.
  const texts = Array.from({ length: BURST }, (_, i) => templates[i % templates.length]!.text);
  const c0 = performance.now();
  for (const text of texts) {
    const lang = detectLanguage(text);
    prepareCorpus([text], { lang });
    sentiment(text, lang);
  }
  const pureRate = BURST / ((performance.now() - c0) / 1000);
  await http.close();

  const f = (x: number) => x.toFixed(0);
  console.log(`latency at ${RATE} stories/s for ${SECONDS}s (201 -> story.enriched event): p50 ${f(percentile(lat, 50))} ms, p95 ${f(percentile(lat, 95))} ms, p99 ${f(percentile(lat, 99))} ms, max ${f(lat.at(-1) ?? NaN)} ms, not enriched ${missing}`);
  console.log(`  p95 ${percentile(lat, 95) < 1000 ? 'meets' : 'misses'} the 1 s target (ratio p95/target ${(percentile(lat, 95) / 1000).toFixed(2)})`);
  console.log(`throughput: ${BURST} stories enriched in ${burstSeconds.toFixed(1)} s = ${pipelineRate.toFixed(0)} stories/s through API, outbox, queue, worker and events`);
  console.log(`  pure analysis in one process: ${pureRate.toFixed(0)} stories/s; pipeline/pure ratio ${(pipelineRate / pureRate).toFixed(2)}`);
} finally {
  await events.close();
  await worker.stop();
  await api.stop();
  await db.drop();
}
