import path from 'node:path';
import { dbConfigFromEnv, openDatabase } from '@vertelpunt/db';
import { openQueue } from '@vertelpunt/queue';
import { startPipeline, type Pipeline } from '../../worker/src/pipeline.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { seedDemo } from './seed.ts';

/**
 * Starts the API. Without DATABASE_URL it runs on embedded PostgreSQL (PGlite) in the data
 * folder and migrates and seeds it itself, so one command gives a working Vertelpunt.
 */
async function main() {
  const config = loadConfig();
  const database = await openDatabase(dbConfigFromEnv(process.env, path.join(config.dataDir, 'pglite')));
  // Real PostgreSQL is migrated as its own step (npm run db:migrate) before the api starts;
  // the embedded default has no such step, so it migrates here.
  if (database.kind === 'embedded' || process.env.MIGRATE_ON_START === 'true') await database.migrate();
  const seeded = config.production && process.env.SEED_DEMO !== 'true' ? null : await seedDemo(database.db, { password: process.env.DEMO_PASSWORD });
  const { queue, events } = openQueue(config.redisUrl, { prefix: config.queuePrefix });
  const app = await buildApp({ config, database, queue, events });
  // The embedded default has one process (PGlite has one connection): the pipeline runs here.
  // In real mode the worker process runs it, unless RUN_PIPELINE=true asks for both in one.
  let pipeline: Pipeline | undefined;
  if (database.kind === 'embedded' || process.env.RUN_PIPELINE === 'true') pipeline = await startPipeline({ database, queue, events, log: app.log });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await pipeline?.stop();
    await queue.close();
    await events.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `Vertelpunt draait op ${url}  (API-documentatie: ${url}/api/docs)`,
    `Database: ${database.kind === 'embedded' ? `ingebouwd (PGlite) in ${path.join(config.dataDir, 'pglite')}` : 'PostgreSQL'}; wachtrij: ${queue.kind}`,
  ];
  if (seeded?.created) {
    lines.push(`Demo-organisatie aangemaakt met ${seeded.stories} verhalen. Inloggen (wachtwoord: ${seeded.logins[0]?.password}):`);
    for (const l of seeded.logins) lines.push(`  ${l.role.padEnd(12)} ${l.email}`);
    lines.push('Bewaar dit wachtwoord: het wordt niet opnieuw getoond (of start met DEMO_PASSWORD=...).');
  }
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
