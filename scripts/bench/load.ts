/**
 * Mixed load, production shape (API and worker processes, real PostgreSQL and Redis):
 * story submissions and dashboard reads at once for BENCH_LOAD_SECONDS (default 600).
 * Prints, every interval, throughput, p50/p99 per kind, errors, and the API's and worker's
 * RSS; at the end, whether every acknowledged story is stored (and enriched) exactly once,
 * and the RSS growth from the first interval to the last (a leak shows as steady growth).
 *
 *   npm run bench:load        (BENCH_LOAD_SECONDS=600, BENCH_WRITERS=4, BENCH_READERS=4)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { Pool } from 'undici';
import { defaultFrameworkNl, demoStories } from '@vertelpunt/core/demo';
import { demoLogin, percentile, rssMb, scratchDatabase, startApi, startProcess } from './lib.ts';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 600);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const READERS = Number(process.env.BENCH_READERS ?? 4);
const INTERVAL = Number(process.env.BENCH_INTERVAL_SECONDS ?? (SECONDS >= 120 ? 30 : 5));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-wachtwoord';
const prefix = `vt-load-${randomBytes(3).toString('hex')}`;

const db = await scratchDatabase('vt_bench_load');
const common = { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: prefix, NODE_ENV: 'development' };
const api = await startApi({ ...common, MIGRATE_ON_START: 'true', DEMO_PASSWORD: PASSWORD });
const worker = await startProcess('apps/worker/src/main.ts', { ...common, LOG_LEVEL: 'info' }, /worker started/);
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
try {
  const writer = await demoLogin(api.url, 'consulent@demostad.nl', PASSWORD);
  const reader = await demoLogin(api.url, 'analist@demostad.nl', PASSWORD);
  const orgId = writer.organisationId;
  const collections = (await (await fetch(`${api.url}/api/orgs/${orgId}/collections`, { headers: reader.headers })).json()) as { id: string; channels: string[] }[];
  const collectionId = collections.find((c) => c.channels.includes('web'))!.id;
  const templates = demoStories(defaultFrameworkNl(), { count: 500, seed: 5, now: new Date() }).filter((s) => s.channel === 'web');
  const reads = [
    `/api/orgs/${orgId}/stories?limit=50`,
    `/api/orgs/${orgId}/stories?limit=50&answer=situatie:schulden`,
    `/api/orgs/${orgId}/collections/${collectionId}/what-works`,
    `/api/orgs/${orgId}/collections/${collectionId}/patterns`,
  ];
  // Dashboard aggregates, where the dashboard routes exist.
  for (const p of [`/api/orgs/${orgId}/dashboard/overview?collectionId=${collectionId}`]) {
    if ((await fetch(`${api.url}${p}`, { headers: reader.headers })).ok) reads.push(p);
  }

  const http = new Pool(api.url, { connections: WRITERS + READERS });
  const acknowledged = new Set<string>();
  type Kind = 'write' | 'read';
  let window: Record<Kind, number[]> = { write: [], read: [] };
  const errors: Record<Kind, number> = { write: 0, read: 0 };
  let n = 0;
  const deadline = performance.now() + SECONDS * 1000;

  const loop = async (kind: Kind) => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        if (kind === 'write') {
          const t = templates[n++ % templates.length]!;
          const id = randomUUID();
          const res = await http.request({ method: 'POST', path: '/api/stories', headers: { 'content-type': 'application/json', ...writer.headers }, body: JSON.stringify({ id, collectionId, promptId: t.promptId, title: t.title, text: t.text, createdAt: new Date().toISOString(), answers: t.answers }) });
          await res.body.dump();
          if (res.statusCode === 201) acknowledged.add(id);
          else errors.write++;
        } else {
          const res = await http.request({ method: 'GET', path: reads[n++ % reads.length]!, headers: reader.headers });
          await res.body.dump();
          if (res.statusCode !== 200) errors.read++;
        }
      } catch {
        errors[kind]++;
      }
      window[kind].push(performance.now() - t0);
    }
  };

  const rss: { api: number; worker: number }[] = [];
  const f = (x: number) => x.toFixed(1);
  const report = async () => {
    const w = window;
    window = { write: [], read: [] };
    const sample = { api: await rssMb(api.child.pid!), worker: await rssMb(worker.child.pid!) };
    rss.push(sample);
    const line = (k: Kind) => {
      const s = w[k].sort((a, b) => a - b);
      return `${k}s ${f(s.length / INTERVAL)}/s p50 ${f(percentile(s, 50))} ms p99 ${f(percentile(s, 99))} ms`;
    };
    console.log(`[${String(rss.length * INTERVAL).padStart(4)} s] ${line('write')} | ${line('read')} | errors ${errors.write + errors.read} | RSS api ${f(sample.api)} MB, worker ${f(sample.worker)} MB`);
  };
  const timer = setInterval(() => void report(), INTERVAL * 1000);
  console.log(`mixed load for ${SECONDS} s: ${WRITERS} writers, ${READERS} readers over ${reads.length} read routes`);
  await Promise.all([...Array.from({ length: WRITERS }, () => loop('write')), ...Array.from({ length: READERS }, () => loop('read'))]);
  clearInterval(timer);
  await http.close();

  // Let the pipeline finish, then check the books.
  const ids = [...acknowledged];
  let stored = 0;
  let enriched = 0;
  for (let i = 0; i < 120; i++) {
    const { rows } = await sql.query('select count(s.id)::int as stored, count(e.story_id)::int as enriched from unnest($1::uuid[]) a(id) left join story s on s.id = a.id left join story_enrichment e on e.story_id = s.id', [ids]);
    ({ stored, enriched } = rows[0]);
    if (enriched === stored) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const first = rss[0]!;
  const last = rss.at(-1)!;
  console.log(`acknowledged ${ids.length}, stored ${stored}, enriched ${enriched}: ${stored === ids.length && enriched === stored ? 'every acknowledged story stored and enriched once' : 'MISMATCH'}`);
  console.log(`errors: writes ${errors.write}, reads ${errors.read}`);
  console.log(`RSS first -> last interval: api ${f(first.api)} -> ${f(last.api)} MB (x${(last.api / first.api).toFixed(2)}), worker ${f(first.worker)} -> ${f(last.worker)} MB (x${(last.worker / first.worker).toFixed(2)}); max api ${f(Math.max(...rss.map((r) => r.api)))} MB, max worker ${f(Math.max(...rss.map((r) => r.worker)))} MB`);
  if (stored !== ids.length) process.exitCode = 1;
} finally {
  await sql.end();
  await worker.stop();
  await api.stop();
  await db.drop();
}
