import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { defaultFrameworkNl, demoStories } from '@vertelpunt/core/demo';
import { filteredStories } from '@vertelpunt/db';
import { sql } from 'drizzle-orm';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';
import { dashboardIndexSuite } from './dashboard-index.suite.ts';

/**
 * A story inserted in a transaction left open on a connection of its own: received_at is the
 * transaction's start, and nobody else sees it until the caller commits.
 */
async function beginLateStory(database: TestDatabase, org: string, id: string, seed: number): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows: [c] } = await client.query(`select id, framework_version_id as fv from collection where organisation_id = $1 and not ('kiosk' = any(channels))`, [org]);
  await client.query('begin');
  const [s] = demoStories(defaultFrameworkNl(), { count: 1, seed, now: new Date() });
  await client.query(
    `insert into story (id, organisation_id, collection_id, framework_version_id, text, language, channel, teller_kind, created_at, answers, content_hash)
     values ($1, $2, $3, $4, $5, 'nl', 'web', 'staff', now(), $6, 'late')`,
    [id, org, c.id, c.fv, s!.text, JSON.stringify(s!.answers)],
  );
  return client;
}

dashboardIndexSuite(
  () => freshDatabase(inject('pgTemplate')),
  ({ database, index, org, store }) => {
    it('sees a story whose transaction began before a read and committed after it, below the newest story held', async () => {
      const before = (await index().current(org()))!.n;
      const client = await beginLateStory(database() as TestDatabase, org(), randomUUID(), 12);
      try {
        // A story received later commits first, so the late one sorts below the newest the index holds.
        await new Promise((r) => setTimeout(r, 5));
        await store(13);
        expect((await index().current(org()))!.n).toBe(before + 1);
        await client.query('commit');
      } finally {
        await client.end();
      }
      expect((await index().current(org()))!.n).toBe(before + 2);
    });

    it('notices a late story even when a deletion in the same window keeps the count level', async () => {
      const late = randomUUID();
      const client = await beginLateStory(database() as TestDatabase, org(), late, 14);
      try {
        await new Promise((r) => setTimeout(r, 5));
        const doomed = await store(15);
        expect(await index().current(org())).not.toBeNull();
        // The newer story goes, the older one arrives: the window holds as many stories as before.
        await database().db.execute(sql`delete from story where id = ${doomed}`);
        await client.query('commit');
      } finally {
        await client.end();
      }
      await index().current(org());
      expect(await index().ready(org())).toBe(true);
      const cols = (await index().current(org()))!;
      const newest = (await filteredStories(database().db, { organisationId: org() }, 5)).map((x) => x.id);
      expect(newest).toContain(late);
      expect(cols.newest({ organisationId: org() }, 5)).toEqual(newest);
    });
  },
);
