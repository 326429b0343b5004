import { listAllCollectionIds, type Database, type Db } from '@vertelpunt/db';
import type { EventBus, JobQueue } from '@vertelpunt/queue';
import { enrichStory } from './handlers/enrich.ts';
import { findCollectionPatterns } from './handlers/patterns.ts';
import { OutboxRelay, type Logger } from './relay.ts';
import { RollupCompactor } from './rollups.ts';

export interface Pipeline {
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/**
 * The sensemaking pipeline: the outbox relay plus the workers for every job. Runs in the
 * worker process in real mode, and inside the API process in the embedded default.
 */
export async function startPipeline(deps: { database: Database; queue: JobQueue; events: EventBus; log: Logger; concurrency?: { enrichment?: number; patterns?: number } }): Promise<Pipeline> {
  const { database, queue, events, log } = deps;
  await queue.work(
    ['enrichment', 'patterns'],
    { 'enrich-story': enrichStory(database.db, events), 'find-patterns': findCollectionPatterns(database.db, events) },
    // Enrichment waits mostly on the database: several at once keep one core busy.
    { concurrency: { enrichment: deps.concurrency?.enrichment ?? 16, patterns: deps.concurrency?.patterns ?? 1 } },
  );
  const relay = new OutboxRelay(database.db, queue, log);
  relay.start();
  // A new story is relayed at once rather than at the next poll.
  const unsubscribe = events.subscribe('story.received', () => relay.kick());
  const scheduler = await schedulePatternRuns(database.db, queue, log);
  const compactor = new RollupCompactor(database.db, log);
  compactor.start();
  return {
    relay,
    async stop() {
      unsubscribe();
      clearInterval(scheduler);
      await Promise.all([relay.stop(), compactor.stop()]);
    },
  };
}

/** How often each collection's patterns are recomputed. */
export const PATTERN_EVERY_MS = 15 * 60_000;

/**
 * One job scheduler per collection (upserted, so restarts and several workers do not
 * multiply them); new collections are picked up every few minutes.
 */
async function schedulePatternRuns(db: Db, queue: JobQueue, log: Logger): Promise<NodeJS.Timeout> {
  const known = new Set<string>();
  const sync = async () => {
    try {
      for (const c of await listAllCollectionIds(db)) {
        if (known.has(c.id)) continue;
        await queue.schedule(`patterns-${c.id}`, 'find-patterns', { organisationId: c.organisationId, collectionId: c.id, reason: 'schedule' }, PATTERN_EVERY_MS);
        known.add(c.id);
      }
    } catch (err) {
      log.warn({ err }, 'could not schedule pattern runs; trying again later');
    }
  };
  await sync();
  const timer = setInterval(() => void sync(), 5 * 60_000);
  timer.unref();
  return timer;
}
