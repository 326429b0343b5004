import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROLES, can, type Action } from '@vertelpunt/core';
import { createRun, savePatterns } from '@vertelpunt/db';
import { buildTestApp, createOrgFixture, type OrgFixture, type TestApp } from '../helpers/app.ts';
import { testFramework, validStory } from '../helpers/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';

/**
 * Roles within one organisation: every organisation-scoped route refuses (403) exactly the
 * roles whose permissions (packages/core/src/roles.ts) lack the route's action, and lets the
 * others through. The route list comes from the OpenAPI document, so a new route fails here
 * until it is given its action.
 */
const ACTION: Record<string, Action | 'device-only' | 'public' | 'any-user' | 'story:create-or-device'> = {
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'any-user',
  'GET /api/auth/session': 'any-user',
  'GET /api/device/collection': 'device-only',
  'POST /api/stories': 'story:create-or-device',
  'POST /api/stories/{storyId}/attachments': 'story:create-or-device',
  'GET /api/orgs/{orgId}': 'org:read',
  'GET /api/orgs/{orgId}/frameworks': 'framework:read',
  'POST /api/orgs/{orgId}/frameworks': 'framework:write',
  'POST /api/orgs/{orgId}/frameworks/{frameworkId}/versions': 'framework:write',
  'GET /api/orgs/{orgId}/framework-versions/{versionId}': 'framework:read',
  'PUT /api/orgs/{orgId}/framework-versions/{versionId}': 'framework:write',
  'POST /api/orgs/{orgId}/framework-versions/{versionId}/publish': 'framework:write',
  'GET /api/orgs/{orgId}/collections': 'collection:read',
  'POST /api/orgs/{orgId}/collections': 'collection:write',
  'GET /api/orgs/{orgId}/collections/{collectionId}': 'collection:read',
  'PATCH /api/orgs/{orgId}/collections/{collectionId}': 'collection:write',
  'GET /api/orgs/{orgId}/devices': 'device:manage',
  'POST /api/orgs/{orgId}/devices': 'device:manage',
  'POST /api/orgs/{orgId}/devices/{deviceId}/revoke': 'device:manage',
  'GET /api/orgs/{orgId}/stories': 'story:read-own',
  'GET /api/orgs/{orgId}/stories/{storyId}': 'story:read-own',
  'GET /api/orgs/{orgId}/stories/{storyId}/attachments/{attachmentId}': 'story:read-all',
  'GET /api/orgs/{orgId}/stories/{storyId}/enrichment': 'story:read-all',
  'GET /api/orgs/{orgId}/collections/{collectionId}/patterns': 'story:read-all',
  'GET /api/orgs/{orgId}/patterns/{patternId}/stories': 'story:read-all',
  'GET /api/orgs/{orgId}/collections/{collectionId}/pattern-runs': 'story:read-all',
  'POST /api/orgs/{orgId}/collections/{collectionId}/pattern-runs': 'collection:write',
  'GET /api/orgs/{orgId}/pattern-runs/{runId}': 'story:read-all',
  'GET /api/orgs/{orgId}/collections/{collectionId}/what-works': 'story:read-all',
  'GET /api/orgs/{orgId}/jobs': 'collection:write',
  'GET /api/orgs/{orgId}/dashboard/meta': 'story:read-all',
  'GET /api/orgs/{orgId}/dashboard/overview': 'story:read-all',
  'GET /api/orgs/{orgId}/dashboard/signifiers': 'story:read-all',
  'GET /api/orgs/{orgId}/dashboard/stories': 'story:read-all',
  'GET /api/orgs/{orgId}/dashboard/patterns': 'story:read-all',
  'POST /api/orgs/{orgId}/dashboard/export': 'story:read-all',
  'GET /api/orgs/{orgId}/live': 'story:read-all',
};

let database: TestDatabase;
let t: TestApp;
let org: OrgFixture;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await freshDatabase(inject('pgTemplate'));
  t = await buildTestApp(database);
  org = await createOrgFixture(t.app, database, 'Rollen');
  const story = validStory(org.collectionId);
  expect((await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: story })).statusCode).toBe(201);
  const device = await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/devices`, payload: { name: 'Kiosk', kind: 'kiosk', collectionId: org.collectionId } });
  const fw = await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/frameworks`, payload: { name: 'Concept', definition: testFramework() } });
  const run = await createRun(database.db, { organisationId: org.organisationId, collectionId: org.collectionId, reason: 'request', params: {} });
  const patternId = randomUUID();
  await savePatterns(database.db, run, [{ id: patternId, keywords: ['x'], size: 6, representativeIds: [story.id], profile: {}, meanSentiment: 0, centroid: { x: 1 }, members: [{ storyId: story.id, similarity: 1 }] }]);
  Object.assign(ids, { orgId: org.organisationId, frameworkId: org.frameworkId, versionId: fw.json().version.id, collectionId: org.collectionId, deviceId: device.json().id, storyId: story.id, attachmentId: randomUUID(), patternId, runId: run.id });
});
afterAll(async () => {
  await t.close();
  await database.destroy();
});

const bodies: Record<string, () => object> = {
  'POST /api/orgs/{orgId}/frameworks': () => ({ name: 'Nieuw', definition: testFramework() }),
  'PUT /api/orgs/{orgId}/framework-versions/{versionId}': () => ({ definition: testFramework() }),
  'POST /api/orgs/{orgId}/collections': () => ({ name: 'Nieuw', frameworkVersionId: org.versionId, channels: ['web'] }),
  'PATCH /api/orgs/{orgId}/collections/{collectionId}': () => ({ name: 'Hernoemd' }),
  'POST /api/orgs/{orgId}/devices': () => ({ name: 'Tablet', kind: 'tablet', collectionId: org.collectionId }),
  'POST /api/orgs/{orgId}/dashboard/export': () => ({ format: 'json' }),
};

describe('roles within the organisation', () => {
  it('gives every route of the API an action', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const keys = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(keys.filter((k) => !(k in ACTION))).toEqual([]);
  });

  it('refuses exactly the roles without the route\'s permission', async () => {
    const scoped = Object.entries(ACTION).filter(([key, action]) => key.includes('{orgId}') && !['public', 'any-user', 'device-only', 'story:create-or-device'].includes(action));
    // Writers last, so what an admin changes does not alter what the others are asked.
    for (const role of [...ROLES].sort((a, b) => Number(a === 'admin') - Number(b === 'admin'))) {
      for (const [key, action] of scoped) {
        const [method, path] = key.split(' ') as [string, string];
        const url = path.replace(/\{(\w+)\}/g, (_, n: string) => ids[n]!);
        const res = await org.as[role].inject({ method: method as 'GET', url, ...(bodies[key] ? { payload: bodies[key]() } : method === 'GET' ? {} : { payload: {} }) });
        const allowed = can(role, action as Action);
        expect.soft(res.statusCode === 403, `${role} ${key} answered ${res.statusCode}; allowed: ${allowed}`).toBe(!allowed);
      }
    }
  });

  it('lets only roles that tell stories submit one', async () => {
    for (const role of ROLES) {
      const res = await org.as[role].inject({ method: 'POST', url: '/api/stories', payload: validStory(org.collectionId) });
      expect(res.statusCode, role).toBe(can(role, 'story:create') ? 201 : 403);
    }
  });
});
