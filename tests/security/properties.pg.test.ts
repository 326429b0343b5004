import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, createOrgFixture, type OrgFixture, type TestApp } from '../helpers/app.ts';
import { storyCounts } from '../helpers/counts.ts';
import { testFramework, validStory } from '../helpers/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';
import { queryRows } from '@vertelpunt/db';
import { sql } from 'drizzle-orm';

/**
 * Property-based bad input: whatever arrives at the story, framework and upload endpoints
 * (random JSON, wrong types, huge strings, deep nesting, bad UTF-8, wrong content types),
 * the answer is never a 5xx and, when refused, nothing was written.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

let database: TestDatabase;
let t: TestApp;
let org: OrgFixture;
let storyId: string;

beforeAll(async () => {
  database = await freshDatabase(inject('pgTemplate'));
  t = await buildTestApp(database);
  org = await createOrgFixture(t.app, database, 'Eigenschap');
  const s = validStory(org.collectionId);
  expect((await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: s })).statusCode).toBe(201);
  storyId = s.id;
});
afterAll(async () => {
  await t.close();
  await database.destroy();
});

const frameworkCount = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from framework_version`))[0]!.n;

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlong forms, surrogates). */
const badUtf8 = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80]), Buffer.from(b), Buffer.from('"}')]));
const deep = fc.integer({ min: 50, max: 5000 }).map((d) => '['.repeat(d) + ']'.repeat(d));
const huge = fc.integer({ min: 1, max: 2_000_000 }).map((n) => JSON.stringify({ text: 'x'.repeat(n) }));
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '');

/** A valid story with one field replaced by something else, to reach the deeper checks. */
const mutatedStory = fc
  .record({
    field: fc.constantFrom('id', 'collectionId', 'text', 'title', 'createdAt', 'answers', 'promptId', 'panelCode', 'language', 'channel'),
    value: fc.anything({ maxDepth: 4 }),
    answer: fc.constantFrom('doorslag', 'regels', 'krachten', 'situatie', 'aanpak', 'uitkomst', 'tevreden', 'toelichting', 'onbekend'),
    answerValue: fc.anything({ maxDepth: 3 }),
  })
  .map(({ field, value, answer, answerValue }) => {
    const s = validStory(org.collectionId) as Record<string, unknown>;
    if (field === 'answers') s.answers = { ...(s.answers as object), [answer]: answerValue };
    else s[field] = value;
    return JSON.stringify(s);
  });

const body = fc.oneof(
  { weight: 3, arbitrary: mutatedStory },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: huge },
);

describe('bad input never gives a 5xx and never writes a row', () => {
  it(`POST /api/stories (${RUNS} cases)`, async () => {
    const before = await storyCounts(database.db);
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 6, arbitrary: body }, { weight: 1, arbitrary: badUtf8 }), contentType, async (payload, type) => {
        const res = await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload, headers: type ? { 'content-type': type } : {} });
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
        if (res.statusCode === 201) accepted++;
      }),
      { numRuns: RUNS },
    );
    const after = await storyCounts(database.db);
    // A mutation may leave a story valid (an optional field changed to a valid value): those,
    // and only those, were stored.
    expect(after.stories! - before.stories!).toBe(accepted);
  }, 300_000);

  it(`POST /api/orgs/:orgId/frameworks (${RUNS} cases)`, async () => {
    const before = await frameworkCount();
    let accepted = 0;
    const definition = fc.oneof(
      fc.anything({ maxDepth: 5 }),
      fc.record({ questions: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 10 }) }),
      fc.nat({ max: 9 }).chain((i) =>
        fc.anything({ maxDepth: 2 }).map((v) => {
          const def = testFramework() as unknown as { questions: Record<string, unknown>[] };
          const q = def.questions[i % def.questions.length]!;
          q[Object.keys(q)[i % Object.keys(q).length]!] = v;
          return def;
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), definition, contentType, async (name, def, type) => {
        const payload = JSON.stringify({ name, definition: def });
        const res = await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/frameworks`, payload, headers: type ? { 'content-type': type } : {} });
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
        if (res.statusCode === 201) accepted++;
      }),
      { numRuns: RUNS },
    );
    expect((await frameworkCount()) - before).toBe(accepted);
  }, 300_000);

  it(`POST /api/stories/:id/attachments (${RUNS} cases)`, async () => {
    const before = await storyCounts(database.db);
    const part = fc.record({
      field: fc.constantFrom('file', 'other', ''),
      filename: fc.string({ maxLength: 300 }),
      type: fc.constantFrom('image/png', 'image/jpeg', 'audio/webm', 'text/html', 'application/octet-stream', ''),
      content: fc.uint8Array({ maxLength: 4096 }),
      boundaryInBody: fc.constantFrom('b', 'x', ''),
      truncate: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(part, fc.constantFrom(storyId, randomUUID(), 'not-a-uuid'), async (p, id) => {
        const head = `--b\r\nContent-Disposition: form-data; name="${p.field}"; filename="${p.filename.replace(/["\r\n]/g, '')}"\r\nContent-Type: ${p.type}\r\n\r\n`;
        let payload = Buffer.concat([Buffer.from(head), Buffer.from(p.content), Buffer.from(`\r\n--${p.boundaryInBody}--\r\n`)]);
        if (p.truncate) payload = payload.subarray(0, Math.floor(payload.length / 2));
        const res = await org.as.caseworker.inject({ method: 'POST', url: `/api/stories/${id}/attachments`, payload, headers: { 'content-type': 'multipart/form-data; boundary=b' } });
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
        expect(res.statusCode).not.toBe(201);
      }),
      { numRuns: RUNS },
    );
    expect(await storyCounts(database.db)).toEqual(before);
  }, 300_000);
});
