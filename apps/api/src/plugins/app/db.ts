import fp from 'fastify-plugin';
import { DashboardIndex, StoryBatcher, type Database, type Db } from '@vertelpunt/db';
import type { EventBus, JobQueue } from '@vertelpunt/queue';
import type { Config } from '../../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Db;
    queue: JobQueue;
    events: EventBus;
    /** Writes accepted stories, grouping concurrent ones into one statement. */
    storyWriter: StoryBatcher;
    /** Stories as columns in memory, for the dashboard reads the rollups cannot answer; null when off. */
    dashboardIndex: DashboardIndex | null;
  }
}

/** Shares the process's database, queue and event connections; their owner (main.ts or a test) closes them. */
export default fp<{ config: Config; database: Database; queue: JobQueue; events: EventBus }>(
  async (app, opts) => {
    app.decorate('config', opts.config);
    app.decorate('database', opts.database);
    app.decorate('db', opts.database.db);
    app.decorate('queue', opts.queue);
    app.decorate('events', opts.events);
    app.decorate('storyWriter', new StoryBatcher(opts.database.db, { maxBatch: 64, maxInFlight: opts.config.storyWritesInFlight }));
    const index =
      opts.config.dashboardIndexMaxStories > 0
        ? new DashboardIndex(opts.database.db, {
            maxStories: opts.config.dashboardIndexMaxStories,
            // PGlite runs in this process: smaller chunks keep the event loop answering while it loads.
            chunk: opts.database.kind === 'embedded' ? 5_000 : 50_000,
            onError: (err, organisationId) => app.log.error({ err, organisationId }, 'dashboard index: load failed, SQL answers'),
            onLoaded: (organisationId, stories, ms) => app.log.info({ organisationId, stories, ms: Math.round(ms) }, 'dashboard index loaded'),
          })
        : null;
    app.decorate('dashboardIndex', index);
    app.addHook('onClose', async () => index?.close());
  },
  { name: 'db' },
);
