import { BullMqQueue } from './bullmq.ts';
import { InProcessEvents, RedisEvents, type EventBus } from './events.ts';
import { InProcessQueue } from './in-process.ts';
import type { JobQueue } from './jobs.ts';

export * from './jobs.ts';
export * from './events.ts';
export { BullMqQueue } from './bullmq.ts';
export { InProcessQueue } from './in-process.ts';

/** `REDIS_URL` selects BullMQ on Redis; without it jobs and events stay in this process. */
export function openQueue(redisUrl: string | undefined, opts: { prefix?: string; lockMs?: number } = {}): { queue: JobQueue; events: EventBus } {
  return redisUrl ? { queue: new BullMqQueue(redisUrl, opts), events: new RedisEvents(redisUrl, opts.prefix) } : { queue: new InProcessQueue(), events: new InProcessEvents() };
}
