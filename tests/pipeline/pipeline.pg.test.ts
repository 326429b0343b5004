import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { queryRows } from '@vertelpunt/db';
import { openQueue, type EventBus, type JobQueue, type PipelineEvents } from '@vertelpunt/queue';
import { buildApp } from '../../apps/api/src/app.ts';
import { loadConfig } from '../../apps/api/src/config.ts';
import { startPipeline, type Pipeline } from '../../apps/worker/src/pipeline.ts';
import { createOrgFixture, type OrgFixture } from '../helpers/app.ts';
import { validStory } from '../helpers/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';
import { ThrowawayRedis } from '../helpers/services.ts';
import { until } from '../queue/queue.suite.ts';

/**
 * The pipeline on real PostgreSQL and real Redis with BullMQ: the API accepts, the outbox
 * relay queues, the worker enriches, the event bus tells. Redis is a throwaway server here,
 * so the test can stop it.
 */
let database: TestDatabase;
let redis: ThrowawayRedis;
let app: FastifyInstance;
let queue: JobQueue;
let events: EventBus;
let pipeline: Pipeline;
let org: OrgFixture;
let dataDir: string;
const enriched: PipelineEvents['story.enriched'][] = [];

const enrichmentCount = async (storyId: string) =>
  (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from story_enrichment where story_id = ${storyId}`))[0]!.n;

beforeAll(async () => {
  database = await freshDatabase(inject('pgTemplate'));
  redis = await ThrowawayRedis.create();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'vt-pipeline-'));
  const prefix = `vt-${randomBytes(3).toString('hex')}`;
  ({ queue, events } = openQueue(redis.url, { prefix }));
  app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, REDIS_URL: redis.url }), database, queue, events });
  await app.ready();
  pipeline = await startPipeline({ database, queue, events, log: app.log });
  events.subscribe('story.enriched', (e) => enriched.push(e));
  org = await createOrgFixture(app, database, 'Pijplijn');
});
afterAll(async () => {
  await pipeline?.stop();
  await app?.close();
  await queue?.close();
  await events?.close();
  await redis?.stop();
  await database?.destroy();
  await rm(dataDir, { recursive: true, force: true });
});

describe('pipeline on PostgreSQL + Redis (BullMQ)', () => {
  it('enriches an accepted story once and publishes the event', async () => {
    const story = validStory(org.collectionId, { text: 'Bij het huisbezoek bleek de schuld bij de woningcorporatie veel groter. Samen met het wijkteam een regeling getroffen.' });
    const res = await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: story });
    expect(res.statusCode).toBe(201);
    await until(() => enriched.some((e) => e.storyId === story.id), 'the story.enriched event');
    expect(await enrichmentCount(story.id)).toBe(1);
    const enrichment = await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/stories/${story.id}/enrichment` });
    expect(enrichment.json()).toMatchObject({ language: 'nl', storyId: story.id });
    expect(enrichment.json().terms).toHaveProperty('huisbezoek');
  });

  it('accepts stories while Redis is down and enriches them when it is back', async () => {
    await redis.stop();
    const stories = Array.from({ length: 5 }, () => validStory(org.collectionId));
    for (const s of stories) expect((await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: s })).statusCode).toBe(201);
    const ready = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(503);
    await new Promise((r) => setTimeout(r, 1_000));
    for (const s of stories) expect(await enrichmentCount(s.id)).toBe(0);
    await redis.start();
    await until(async () => (await Promise.all(stories.map((s) => enrichmentCount(s.id)))).every((n) => n === 1), 'enrichment after Redis is back', 30_000);
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
  });

  it('redacts personal details before a story is stored', async () => {
    const story = validStory(org.collectionId, { text: 'Mevrouw (BSN 111222333, tel. 06-12345678) woont op Dorpsstraat 12, 1234 AB. Haar IBAN NL91ABNA0417164300 stond rood.' });
    const res = await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: story });
    expect(res.statusCode).toBe(201);
    const stored = await queryRows<{ text: string; original_text: string | null; redactions: Record<string, number> }>(database.db, sql`select text, original_text, redactions from story where id = ${story.id}`);
    expect(stored[0]!.text).not.toMatch(/111222333|12345678|NL91ABNA|1234 AB/);
    expect(stored[0]!.text).toContain('[BSN]');
    expect(stored[0]!.original_text).toBeNull();
    expect(stored[0]!.redactions).toMatchObject({ BSN: 1, TELEFOON: 1, IBAN: 1 });
    // A retry of the very same submission is recognised, redaction notwithstanding.
    expect((await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: story })).statusCode).toBe(200);
  });

  it('runs patterns on request, reports the run, and answers what works', async () => {
    const texts = [
      'Huisbezoek bij schulden: samen de post geopend en een betalingsregeling met de woningcorporatie gemaakt.',
      'Na het huisbezoek bleek de schuldenlast enorm; schuldhulp ingeschakeld en de deurwaarder gebeld.',
      'Jobcoach geregeld voor sollicitaties; na drie gesprekken een proefplaats bij een bakkerij.',
      'Sollicitatietraining en een jobcoach hielpen hem aan werk in de groenvoorziening.',
    ];
    for (let i = 0; i < 24; i++) {
      const s = validStory(org.collectionId, { text: `${texts[i % 4]} Verhaal ${i}.` });
      expect((await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: s })).statusCode).toBe(201);
    }
    await until(async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from outbox where relayed_at is null`))[0]!.n === 0, 'the relay');
    const started = await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/collections/${org.collectionId}/pattern-runs` });
    expect(started.statusCode).toBe(202);
    const { runId } = started.json();
    await until(async () => (await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/pattern-runs/${runId}` })).json().status === 'done', 'the pattern run', 30_000);
    const run = (await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/pattern-runs/${runId}` })).json();
    expect(run).toMatchObject({ progress: 1, reason: 'request' });
    expect(run.k).toBeGreaterThanOrEqual(2);
    expect(run.durationMs).toBeGreaterThan(0);
    const patterns = (await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/collections/${org.collectionId}/patterns` })).json();
    expect(patterns.patterns.length).toBe(run.k);
    const visible = patterns.patterns.filter((p: { suppressed: boolean }) => !p.suppressed);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible[0].keywords.length).toBeGreaterThan(0);
    const members = (await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/patterns/${visible[0].id}/stories` })).json();
    expect(members.items.length).toBe(visible[0].size);

    const ww = await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/collections/${org.collectionId}/what-works` });
    expect(ww.statusCode).toBe(200);
    const cell = ww.json().cells.find((c: { situation: string; intervention: string }) => c.situation === 'schulden' && c.intervention === 'huisbezoek');
    expect(cell.suppressed).toBe(false);
    expect(cell.positive.share).toBe(1);
    expect(ww.json().cells.filter((c: { suppressed: boolean }) => c.suppressed).every((c: object) => Object.keys(c).sort().join() === 'intervention,situation,suppressed')).toBe(true);
  });
});
