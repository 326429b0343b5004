import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@vertelpunt/db';
import { buildTestApp, createOrgFixture, type OrgFixture, type TestApp } from '../helpers/app.ts';
import { validStory } from '../helpers/fixtures.ts';
import { storyCounts } from '../helpers/counts.ts';

/**
 * The capture API's contract, run on real PostgreSQL (stories.pg.test.ts) and on the embedded
 * default (stories.embedded.test.ts): one query code path, two engines.
 */
export function storyApiSuite(open: () => Promise<Database & { destroy(): Promise<void> }>) {
let database: Database & { destroy(): Promise<void> };
let t: TestApp;
let org: OrgFixture;

beforeAll(async () => {
  database = await open();
  t = await buildTestApp(database);
  org = await createOrgFixture(t.app, database, 'Stadsbron');
});
afterAll(async () => {
  await t.close();
  await database.destroy();
});

const post = (payload: unknown, client = org.as.caseworker) => client.inject({ method: 'POST', url: '/api/stories', payload: payload as object });

describe('POST /api/stories', () => {
  it('stores a valid story once: 201, then 200 with the stored story for the same id', async () => {
    const story = validStory(org.collectionId);
    const before = await storyCounts(database.db);
    const first = await post(story);
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body).toMatchObject({ id: story.id, collectionId: org.collectionId, channel: 'web', tellerKind: 'staff', tellerUserId: org.as.caseworker.userId, text: story.text });
    expect(body.answers.doorslag.weights).toEqual([0.5, 0.3, 0.2]);
    const afterFirst = await storyCounts(database.db);
    expect(afterFirst.stories).toBe(before.stories! + 1);
    expect(afterFirst.outbox).toBe(before.outbox! + 1);
    // 3 triad/dyad/scale + 1 stone + 2 choices + 1 situation + 1 outcome
    expect(afterFirst.answers).toBe(before.answers! + 8);

    const again = await post(story);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);
    expect(await storyCounts(database.db)).toEqual(afterFirst);
  });

  it('stores a story posted 10 times at once exactly once', async () => {
    const story = validStory(org.collectionId);
    const before = await storyCounts(database.db);
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(story)));
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(9);
    const after = await storyCounts(database.db);
    expect(after.stories).toBe(before.stories! + 1);
    expect(after.outbox).toBe(before.outbox! + 1);
  });

  it('refuses a different story under a used id with 409 and keeps the first', async () => {
    const story = validStory(org.collectionId);
    expect((await post(story)).statusCode).toBe(201);
    const before = await storyCounts(database.db);
    const res = await post({ ...story, text: `${story.text} Aangepast.` });
    expect(res.statusCode).toBe(409);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  const invalid: [string, (s: ReturnType<typeof validStory>) => unknown, string][] = [
    ['triad weights not summing to 1', (s) => ({ ...s, answers: { ...s.answers, doorslag: { weights: [0.5, 0.5, 0.5] } } }), '/answers/doorslag/weights'],
    ['triad weight out of range', (s) => ({ ...s, answers: { ...s.answers, doorslag: { weights: [1.5, -0.25, -0.25] } } }), '/answers/doorslag/weights'],
    ['dyad out of range', (s) => ({ ...s, answers: { ...s.answers, regels: { value: 1.2 } } }), '/answers/regels/value'],
    ['stone of an unknown item', (s) => ({ ...s, answers: { ...s.answers, krachten: { placements: { bank: { x: 0.1, y: 0.1 } } } } }), '/answers/krachten/placements/bank'],
    ['stone off the canvas', (s) => ({ ...s, answers: { ...s.answers, krachten: { placements: { klant: { x: 2, y: 0.1 } } } } }), '/answers/krachten/placements/klant'],
    ['single choice not among the options', (s) => ({ ...s, answers: { ...s.answers, situatie: { optionId: 'vakantie' } } }), '/answers/situatie/optionId'],
    ['too many choices', (s) => ({ ...s, answers: { ...s.answers, aanpak: { optionIds: ['huisbezoek', 'maatwerk', 'doorverwijzing'] } } }), '/answers/aanpak/optionIds'],
    ['write-in on a question without one', (s) => ({ ...s, answers: { ...s.answers, uitkomst: { other: 'iets' } } }), '/answers/uitkomst/other'],
    ['scale out of range', (s) => ({ ...s, answers: { ...s.answers, tevreden: { value: 9 } } }), '/answers/tevreden/value'],
    ['n/a where not allowed', (s) => ({ ...s, answers: { ...s.answers, uitkomst: { notApplicable: true } } }), '/answers/uitkomst/notApplicable'],
    ['free text too long', (s) => ({ ...s, answers: { ...s.answers, toelichting: { text: 'x'.repeat(501) } } }), '/answers/toelichting/text'],
    ['required question missing', (s) => ({ ...s, answers: { ...s.answers, situatie: undefined } }), '/answers/situatie'],
    ['unknown question', (s) => ({ ...s, answers: { ...s.answers, verzonnen: { value: 1 } } }), '/answers/verzonnen'],
    ['story text too short', (s) => ({ ...s, text: 'kort' }), '/text'],
    ['story text too long', (s) => ({ ...s, text: 'x'.repeat(5001) }), '/text'],
    ['title too long', (s) => ({ ...s, title: 'x'.repeat(121) }), '/title'],
    ['id not a uuid', (s) => ({ ...s, id: 'verhaal-1' }), '/id'],
    ['createdAt not a date', (s) => ({ ...s, createdAt: 'gisteren' }), '/createdAt'],
    ['unknown top-level field', (s) => ({ ...s, bsn: '123456782' }), '/bsn'],
  ];
  it.each(invalid)('400 naming the field for %s, storing nothing', async (_name, mutate, field) => {
    const before = await storyCounts(database.db);
    const res = await post(mutate(validStory(org.collectionId)));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toContain(field);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  it('404 for an unknown collection, storing nothing', async () => {
    const before = await storyCounts(database.db);
    const res = await post(validStory(randomUUID()));
    expect(res.statusCode).toBe(404);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  it('413 for a body over the limit, storing nothing', async () => {
    const before = await storyCounts(database.db);
    const res = await post(validStory(org.collectionId, { text: 'a'.repeat(300 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  it('401 without a session or device token; 403 without the CSRF token', async () => {
    const story = validStory(org.collectionId);
    const before = await storyCounts(database.db);
    expect((await t.app.inject({ method: 'POST', url: '/api/stories', payload: story })).statusCode).toBe(401);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/stories', payload: story, headers: { cookie: org.as.caseworker.cookie } });
    expect(noCsrf.statusCode).toBe(403);
    const wrongCsrf = await t.app.inject({ method: 'POST', url: '/api/stories', payload: story, headers: { cookie: org.as.caseworker.cookie, 'x-csrf-token': org.as.admin.csrfToken } });
    expect(wrongCsrf.statusCode).toBe(403);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  it('403 for a role that may not submit (analyst)', async () => {
    expect((await post(validStory(org.collectionId), org.as.analyst)).statusCode).toBe(403);
  });

  it('records an interview as a client story told through a staff member', async () => {
    const res = await post(validStory(org.collectionId, { channel: 'interview' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'interview', tellerKind: 'client' });
  });
});

describe('devices', () => {
  let tokenA: string;
  let otherCollectionId: string;

  beforeAll(async () => {
    const created = await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/devices`, payload: { name: 'Kiosk hal', kind: 'kiosk', collectionId: org.collectionId } });
    expect(created.statusCode).toBe(201);
    tokenA = created.json().token;
    const second = await org.as.admin.inject({
      method: 'POST',
      url: `/api/orgs/${org.organisationId}/collections`,
      payload: { name: 'Tweede', frameworkVersionId: org.versionId, channels: ['kiosk'] },
    });
    expect(second.statusCode).toBe(201);
    otherCollectionId = second.json().id;
  });

  const asDevice = (token: string, payload: unknown) => t.app.inject({ method: 'POST', url: '/api/stories', payload: payload as object, headers: { authorization: `Bearer ${token}` } });

  it('a device submits to its own collection as its channel, without a teller', async () => {
    const res = await asDevice(tokenA, validStory(org.collectionId));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'kiosk', tellerUserId: null });
    expect(res.json().deviceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('403 for a device token of another collection, storing nothing', async () => {
    const before = await storyCounts(database.db);
    expect((await asDevice(tokenA, validStory(otherCollectionId))).statusCode).toBe(403);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  it('a revoked or forged token is refused with 401', async () => {
    const created = await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/devices`, payload: { name: 'Tablet', kind: 'tablet', collectionId: org.collectionId } });
    const { id, token } = created.json();
    expect((await asDevice(token, validStory(org.collectionId))).statusCode).toBe(201);
    expect((await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/devices/${id}/revoke` })).statusCode).toBe(200);
    expect((await asDevice(token, validStory(org.collectionId))).statusCode).toBe(401);
    expect((await asDevice(token.slice(0, -2) + 'xx', validStory(org.collectionId))).statusCode).toBe(401);
  });
});

describe('GET /api/orgs/:orgId/stories', () => {
  it('filters by answer and channel and pages with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const s = validStory(org.collectionId, { answers: { ...validStory(org.collectionId).answers, situatie: { optionId: 'huisvesting' }, regels: { value: 0.9 } } });
      expect((await post(s)).statusCode).toBe(201);
      ids.push(s.id);
    }
    const url = `/api/orgs/${org.organisationId}/stories?answer=situatie:huisvesting&answer=regels:0.8..1&limit=2`;
    const seen: string[] = [];
    let next: string | null = url;
    while (next) {
      const res = await org.as.analyst.inject({ method: 'GET', url: next });
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s: { id: string }) => s.id));
      next = page.nextCursor ? `${url}&cursor=${page.nextCursor}` : null;
    }
    expect(seen.sort()).toEqual(ids.sort());

    const kiosk = await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/stories?channel=kiosk` });
    expect(kiosk.json().items.every((s: { channel: string }) => s.channel === 'kiosk')).toBe(true);
  });

  it('a caseworker reads only their own stories', async () => {
    const mine = await org.as.caseworker.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/stories?limit=200` });
    expect(mine.json().items.length).toBeGreaterThan(0);
    expect(mine.json().items.every((s: { tellerUserId: string }) => s.tellerUserId === org.as.caseworker.userId)).toBe(true);
    const all = await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/stories?limit=200` });
    expect(all.json().items.length).toBeGreaterThan(mine.json().items.length);
  });

  it('400 naming the field for a malformed filter', async () => {
    const res = await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/stories?answer=nope` });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('/answer/0');
  });
});

describe('attachments', () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const multipart = (filename: string, type: string, content: Buffer) => {
    const boundary = '----vertelpunt';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };
  let storyId: string;
  beforeAll(async () => {
    const s = validStory(org.collectionId);
    expect((await post(s)).statusCode).toBe(201);
    storyId = s.id;
  });
  const blobFiles = async () => (await readdir(path.join(t.dataDir, 'blobs'), { recursive: true }).catch(() => [])).filter((f) => !String(f).startsWith('tmp'));

  it('stores a photo whose content matches its type, and serves it back', async () => {
    const res = await org.as.caseworker.inject({ method: 'POST', url: `/api/stories/${storyId}/attachments`, ...multipart('foto.png', 'image/png', PNG) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'photo', mimeType: 'image/png', sizeBytes: PNG.length });
    const back = await org.as.analyst.inject({ method: 'GET', url: `/api/orgs/${org.organisationId}/stories/${storyId}/attachments/${res.json().id}` });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(PNG)).toBe(true);
  });

  it('415 for content that is not what it claims, storing nothing', async () => {
    const before = await storyCounts(database.db);
    const files = await blobFiles();
    const res = await org.as.caseworker.inject({ method: 'POST', url: `/api/stories/${storyId}/attachments`, ...multipart('foto.png', 'image/png', Buffer.from('<script>alert(1)</script>')) });
    expect(res.statusCode).toBe(415);
    expect(await storyCounts(database.db)).toEqual(before);
    expect(await blobFiles()).toEqual(files);
  });

  it('415 for a type outside the allowlist and for a non-multipart body', async () => {
    const res = await org.as.caseworker.inject({ method: 'POST', url: `/api/stories/${storyId}/attachments`, ...multipart('x.html', 'text/html', Buffer.from('<p>hoi</p>')) });
    expect(res.statusCode).toBe(415);
    const json = await org.as.caseworker.inject({ method: 'POST', url: `/api/stories/${storyId}/attachments`, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
  });

  it('413 for a file over the limit, storing nothing', async () => {
    const small = await buildTestApp(database, { MAX_UPLOAD_BYTES: '2048' });
    try {
      const { login } = await import('../helpers/app.ts');
      const client = await login(small.app, org.as.caseworker.email);
      const big = Buffer.concat([PNG, Buffer.alloc(4096)]);
      const before = await storyCounts(database.db);
      const res = await client.inject({ method: 'POST', url: `/api/stories/${storyId}/attachments`, ...multipart('groot.png', 'image/png', big) });
      expect(res.statusCode).toBe(413);
      expect(await storyCounts(database.db)).toEqual(before);
      expect((await readdir(path.join(small.dataDir, 'blobs', 'tmp')).catch(() => [])).length).toBe(0);
    } finally {
      await small.close();
    }
  });
});
}
