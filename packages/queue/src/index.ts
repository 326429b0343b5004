import { Redis } from 'ioredis';

/**
 * The queue connection the API and worker share. In real mode it is Redis (BullMQ runs on
 * it); in the embedded default jobs run in-process and there is nothing to reach.
 */
export interface QueueConnection {
  kind: 'redis' | 'in-process';
  /** Throws when the queue backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function openQueueConnection(redisUrl: string | undefined): QueueConnection {
  if (redisUrl === undefined) {
    return { kind: 'in-process', ping: async () => {}, close: async () => {} };
  }
  // Fail fast on commands while Redis is down rather than queueing them in memory; the
  // transactional outbox, not this client, is what keeps accepted work safe.
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  let connecting: Promise<void> | undefined;
  return {
    kind: 'redis',
    ping: async () => {
      if (redis.status === 'wait') connecting ??= redis.connect();
      await connecting;
      await redis.ping();
    },
    close: async () => {
      redis.disconnect();
    },
  };
}
