import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { answerFacts } from '@vertelpunt/core';
import { StoryBatcher, createCollection, createFramework, createOrganisation, publishVersion, type StoryRow } from '@vertelpunt/db';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';
import { testFramework, validStory } from '../helpers/fixtures.ts';
import { storyCounts } from '../helpers/counts.ts';

let database: TestDatabase;
let base: Omit<StoryRow, 'id'>;
const def = testFramework();

beforeAll(async () => {
  database = await freshDatabase(inject('pgTemplate'));
  const org = await createOrganisation(database.db, { name: 'Batch', slug: 'batch' });
  const { version } = await createFramework(database.db, org.id, 'fw', def);
  await publishVersion(database.db, org.id, version.id);
  const col = await createCollection(database.db, org.id, { name: 'c', frameworkVersionId: version.id, channels: ['web'] });
  const s = validStory(col.id);
  base = {
    organisationId: org.id, collectionId: col.id, frameworkVersionId: version.id, promptId: null, title: s.title, text: s.text, language: 'nl',
    channel: 'web', tellerKind: 'staff', tellerUserId: null, teamId: null, deviceId: null, panelCode: null, createdAt: new Date(), receivedAt: new Date(),
    answers: s.answers as unknown as StoryRow['answers'], redactions: {}, originalText: null, contentHash: 'h',
  };
});
afterAll(() => database.destroy());

const item = (overrides: Partial<StoryRow> = {}) => {
  const story = { ...base, id: randomUUID(), ...overrides };
  return { story, facts: answerFacts(def.questions, story.answers) };
};

describe('StoryBatcher', () => {
  it('writes concurrent stories in shared statements, each exactly once with its answers and outbox record', async () => {
    const batcher = new StoryBatcher(database.db, { maxBatch: 16, maxInFlight: 1 });
    const before = await storyCounts(database.db);
    const items = Array.from({ length: 50 }, () => item());
    const results = await Promise.all(items.map((i) => batcher.insert(i)));
    expect(results.every((r) => r.created)).toBe(true);
    const after = await storyCounts(database.db);
    expect(after.stories! - before.stories!).toBe(50);
    expect(after.outbox! - before.outbox!).toBe(50);
    expect(after.answers! - before.answers!).toBe(50 * items[0]!.facts.length);
  });

  it('gives the same id in one batch one insert, and the repeat the stored story', async () => {
    const batcher = new StoryBatcher(database.db, { maxBatch: 16, maxInFlight: 1 });
    const one = item();
    const results = await Promise.all([batcher.insert(one), batcher.insert(one), batcher.insert(one)]);
    expect(results.map((r) => r.created).sort()).toEqual([false, false, true]);
  });

  it('isolates a story that fails: the rest of its batch is still stored', async () => {
    const batcher = new StoryBatcher(database.db, { maxBatch: 16, maxInFlight: 1 });
    const good = Array.from({ length: 5 }, () => item());
    // A collection that does not exist breaks the foreign key, and with it the whole statement.
    const bad = item({ collectionId: randomUUID() });
    const settled = await Promise.allSettled([...good.slice(0, 3), bad, ...good.slice(3)].map((i) => batcher.insert(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const before = await storyCounts(database.db);
    const again = await Promise.all(good.map((i) => batcher.insert(i)));
    expect(again.every((r) => !r.created)).toBe(true);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  it('refuses a different story under a used id', async () => {
    const batcher = new StoryBatcher(database.db);
    const one = item();
    await batcher.insert(one);
    await expect(batcher.insert({ ...one, story: { ...one.story, contentHash: 'other' } })).rejects.toThrow(/different story/);
  });
});
