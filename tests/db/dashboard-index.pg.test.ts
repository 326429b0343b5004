import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { defaultFrameworkNl, demoStories } from '@vertelpunt/core/demo';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';
import { dashboardIndexSuite } from './dashboard-index.suite.ts';

dashboardIndexSuite(
  () => freshDatabase(inject('pgTemplate')),
  ({ database, index, org, store }) => {
    it('sees a story whose transaction began before a read and committed after it, below the newest story held', async () => {
      const url = (database() as TestDatabase).url;
      const before = (await index().current(org()))!.n;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows: [c] } = await client.query(`select id, framework_version_id as fv from collection where organisation_id = $1 and not ('kiosk' = any(channels))`, [org()]);
        await client.query('begin');
        const [s] = demoStories(defaultFrameworkNl(), { count: 1, seed: 12, now: new Date() });
        await client.query(
          `insert into story (id, organisation_id, collection_id, framework_version_id, text, language, channel, teller_kind, created_at, answers, content_hash)
           values ($1, $2, $3, $4, $5, 'nl', 'web', 'staff', now(), $6, 'late')`,
          [randomUUID(), org(), c.id, c.fv, s!.text, JSON.stringify(s!.answers)],
        );
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
  },
);
