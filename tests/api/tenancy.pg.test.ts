import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRun, queryRows, savePatterns } from '@vertelpunt/db';
import type { Client } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';
import { buildTestApp, createOrgFixture, type OrgFixture, type TestApp } from '../helpers/app.ts';
import { testFramework, validStory } from '../helpers/fixtures.ts';

/**
 * The organisation boundary, on every route: a user of organisation B, whatever their role,
 * reads and changes nothing of organisation A. The route list comes from the OpenAPI
 * document, so a new route fails this test until it is added to the table below.
 */
let database: TestDatabase;
let t: TestApp;
let a: OrgFixture;
let b: OrgFixture;
const ids: Record<string, string> = {};

/** Every table's rows of organisation A, as text: must be the same before and after. */
async function snapshotA(): Promise<string> {
  const [row] = await queryRows<{ snap: string }>(database.db, sql`
    select json_build_object(
      'org', (select json_agg(o) from organisation o where id = ${a.organisationId}),
      'fw', (select json_agg(f order by id) from framework f where organisation_id = ${a.organisationId}),
      'fv', (select json_agg(v order by id) from framework_version v where organisation_id = ${a.organisationId}),
      'col', (select json_agg(c order by id) from collection c where organisation_id = ${a.organisationId}),
      'dev', (select json_agg(d.id order by id) from device d where organisation_id = ${a.organisationId} and revoked_at is null),
      'story', (select count(*) from story where organisation_id = ${a.organisationId}),
      'att', (select count(*) from attachment where organisation_id = ${a.organisationId})
    )::text as snap`);
  return row!.snap;
}

beforeAll(async () => {
  database = await freshDatabase(inject('pgTemplate'));
  t = await buildTestApp(database);
  a = await createOrgFixture(t.app, database, 'Alfa');
  b = await createOrgFixture(t.app, database, 'Beta');
  const story = validStory(a.collectionId);
  expect((await a.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: story })).statusCode).toBe(201);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const boundary = 'b0undary';
  const att = await a.as.caseworker.inject({
    method: 'POST',
    url: `/api/stories/${story.id}/attachments`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  expect(att.statusCode).toBe(201);
  const device = await a.as.admin.inject({ method: 'POST', url: `/api/orgs/${a.organisationId}/devices`, payload: { name: 'Kiosk', kind: 'kiosk', collectionId: a.collectionId } });
  // A framework with a draft, so edits and publishing would succeed if the boundary leaked.
  const fw = await a.as.admin.inject({ method: 'POST', url: `/api/orgs/${a.organisationId}/frameworks`, payload: { name: 'Concept', definition: testFramework() } });
  expect(fw.statusCode).toBe(201);
  // A pattern run with one pattern, as the worker would leave it.
  const run = await createRun(database.db, { organisationId: a.organisationId, collectionId: a.collectionId, reason: 'request', params: {} });
  const patternId = randomUUID();
  await savePatterns(database.db, run, [{ id: patternId, keywords: ['huisbezoek'], size: 6, representativeIds: [story.id], profile: {}, meanSentiment: 0, centroid: { huisbezoek: 1 }, members: [{ storyId: story.id, similarity: 1 }] }]);
  Object.assign(ids, {
    patternId,
    runId: run.id,
    orgId: a.organisationId,
    frameworkId: a.frameworkId,
    versionId: fw.json().version.id,
    collectionId: a.collectionId,
    deviceId: device.json().id,
    storyId: story.id,
    attachmentId: att.json().id,
  });
});
afterAll(async () => {
  await t.close();
  await database.destroy();
});

type Call = { body?: () => unknown; multipart?: boolean };
/** Each route, with a body that would succeed inside organisation A. */
const ROUTES: Record<string, Call> = {
  'GET /api/orgs/{orgId}': {},
  'GET /api/orgs/{orgId}/frameworks': {},
  'POST /api/orgs/{orgId}/frameworks': { body: () => ({ name: 'Inbraak', definition: testFramework() }) },
  'POST /api/orgs/{orgId}/frameworks/{frameworkId}/versions': {},
  'GET /api/orgs/{orgId}/framework-versions/{versionId}': {},
  'PUT /api/orgs/{orgId}/framework-versions/{versionId}': { body: () => ({ definition: testFramework() }) },
  'POST /api/orgs/{orgId}/framework-versions/{versionId}/publish': {},
  'GET /api/orgs/{orgId}/collections': {},
  'POST /api/orgs/{orgId}/collections': { body: () => ({ name: 'Inbraak', frameworkVersionId: a.versionId, channels: ['web'] }) },
  'GET /api/orgs/{orgId}/collections/{collectionId}': {},
  'PATCH /api/orgs/{orgId}/collections/{collectionId}': { body: () => ({ name: 'Overgenomen' }) },
  'GET /api/orgs/{orgId}/devices': {},
  'POST /api/orgs/{orgId}/devices': { body: () => ({ name: 'Inbraak', kind: 'tablet', collectionId: a.collectionId }) },
  'POST /api/orgs/{orgId}/devices/{deviceId}/revoke': {},
  'GET /api/orgs/{orgId}/stories': {},
  'GET /api/orgs/{orgId}/stories/{storyId}': {},
  'GET /api/orgs/{orgId}/stories/{storyId}/attachments/{attachmentId}': {},
  'POST /api/stories': { body: () => validStory(a.collectionId) },
  'POST /api/stories/{storyId}/attachments': { multipart: true },
  'GET /api/orgs/{orgId}/stories/{storyId}/enrichment': {},
  'GET /api/orgs/{orgId}/collections/{collectionId}/patterns': {},
  'GET /api/orgs/{orgId}/patterns/{patternId}/stories': {},
  'GET /api/orgs/{orgId}/collections/{collectionId}/pattern-runs': {},
  'POST /api/orgs/{orgId}/collections/{collectionId}/pattern-runs': {},
  'GET /api/orgs/{orgId}/pattern-runs/{runId}': {},
  'GET /api/orgs/{orgId}/collections/{collectionId}/what-works': {},
  'GET /api/orgs/{orgId}/jobs': {},
  'GET /api/orgs/{orgId}/dashboard/meta': {},
  'GET /api/orgs/{orgId}/dashboard/overview': {},
  'GET /api/orgs/{orgId}/dashboard/signifiers': {},
  'GET /api/orgs/{orgId}/dashboard/stories': {},
  'GET /api/orgs/{orgId}/dashboard/patterns': {},
  'POST /api/orgs/{orgId}/dashboard/export': { body: () => ({ format: 'json' }) },
  'GET /api/orgs/{orgId}/live': {},
};
/** Routes that hold no organisation data, or only the caller's own. */
const NOT_ORGANISATION_SCOPED = new Set([
  'GET /api/health',
  'GET /api/ready',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/session',
  // Answers only to a device token, with the device's own collection.
  'GET /api/device/collection',
]);

async function routeKeys(): Promise<string[]> {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
}

function fill(path: string, orgId: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'orgId' ? orgId : ids[name]!));
}

async function call(client: Client, key: string, orgId: string) {
  const [method, path] = key.split(' ') as [string, string];
  const spec = ROUTES[key]!;
  if (spec.multipart) {
    return client.inject({
      method: method as 'POST',
      url: fill(path, orgId),
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--x--\r\n',
    });
  }
  return client.inject({ method: method as 'GET', url: fill(path, orgId), ...(spec.body ? { payload: spec.body() as object } : {}) });
}

describe('organisation boundary', () => {
  it('covers every route of the API', async () => {
    const keys = await routeKeys();
    const unlisted = keys.filter((k) => !(k in ROUTES) && !NOT_ORGANISATION_SCOPED.has(k));
    expect(unlisted).toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('a user of another organisation, in any role, reads and changes nothing of it', async () => {
    const before = await snapshotA();
    for (const role of ['admin', 'analyst', 'researcher', 'facilitator', 'caseworker'] as const) {
      for (const key of Object.keys(ROUTES)) {
        // Both with A's organisation id, and with B's own id around A's resource ids.
        for (const orgId of [a.organisationId, b.organisationId]) {
          if (!key.includes('{') && orgId === b.organisationId) continue;
          const res = await call(b.as[role], key, orgId);
          const where = `${role} of B: ${key} with org ${orgId === a.organisationId ? 'A' : 'B'} answered ${res.statusCode}`;
          if (orgId === a.organisationId || !key.includes('{orgId}')) {
            expect.soft([400, 401, 403, 404, 415], where).toContain(res.statusCode);
          } else if (res.statusCode < 400) {
            // B's own listings may answer, but nothing of A may be in them.
            for (const id of Object.values(ids)) expect.soft(res.body.includes(id), `${where} and leaked an id of A`).toBe(false);
          }
        }
      }
    }
    expect(await snapshotA()).toBe(before);
  });

  it('the same calls do work for organisation A itself (the table is not vacuous)', async () => {
    // Enrichment needs the worker, which this app does not run: 404 "still being processed".
    const reads = Object.keys(ROUTES).filter((k) => k.startsWith('GET') && !k.endsWith('/enrichment'));
    for (const key of reads) {
      const res = await call(a.as.admin, key, a.organisationId);
      expect(res.statusCode, `${key} for A's admin: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });
});
