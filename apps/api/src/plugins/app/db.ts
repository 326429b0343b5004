import fp from 'fastify-plugin';
import { StoryBatcher, type Database, type Db } from '@vertelpunt/db';
import type { QueueConnection } from '@vertelpunt/queue';
import type { Config } from '../../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Db;
    queue: QueueConnection;
    /** Writes accepted stories, grouping concurrent ones into one statement. */
    storyWriter: StoryBatcher;
  }
}

/** Shares the process's database and queue connections; their owner (main.ts or a test) closes them. */
export default fp<{ config: Config; database: Database; queue: QueueConnection }>(
  async (app, opts) => {
    app.decorate('config', opts.config);
    app.decorate('database', opts.database);
    app.decorate('db', opts.database.db);
    app.decorate('queue', opts.queue);
    app.decorate('storyWriter', new StoryBatcher(opts.database.db));
  },
  { name: 'db' },
);
