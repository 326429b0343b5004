import pino from 'pino';
import { dbConfigFromEnv, openDatabase } from '@vertelpunt/db';
import { openQueue } from '@vertelpunt/queue';
import { startPipeline } from './pipeline.ts';

/**
 * The worker process of the production shape (real PostgreSQL and Redis). In the embedded
 * default the API runs the same pipeline in its own process instead.
 */
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty' } } : {}) });
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
  log.error('the worker needs DATABASE_URL and REDIS_URL; without them `npm start` runs the pipeline inside the API');
  process.exit(1);
}
const database = await openDatabase(dbConfigFromEnv(process.env, ''));
const lockMs = Number(process.env.WORKER_LOCK_MS);
const { queue, events } = openQueue(process.env.REDIS_URL, { prefix: process.env.QUEUE_PREFIX ?? 'vertelpunt', ...(lockMs > 0 ? { lockMs } : {}) });
const pipeline = await startPipeline({ database, queue, events, log });
log.info('worker started');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, 'worker shutting down');
  // Stop taking work first, let active jobs finish, then close Redis and the pool.
  await pipeline.stop();
  await queue.close();
  await events.close();
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
