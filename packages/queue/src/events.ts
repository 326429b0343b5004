import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/** What live views listen to. */
export interface PipelineEvents {
  'story.received': { storyId: string; organisationId: string; collectionId: string };
  'story.enriched': { storyId: string; organisationId: string; collectionId: string; patternId: string | null; receivedAt: string; enrichedAt: string };
  'patterns.updated': { organisationId: string; collectionId: string; runId: string };
}
export type EventName = keyof PipelineEvents;

/** Publish/subscribe across processes (Redis) or within one (the embedded default). */
export interface EventBus {
  publish<E extends EventName>(name: E, event: PipelineEvents[E]): Promise<void>;
  subscribe<E extends EventName>(name: E, handler: (event: PipelineEvents[E]) => void): () => void;
  close(): Promise<void>;
}


export class InProcessEvents implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  async publish<E extends EventName>(name: E, event: PipelineEvents[E]) {
    this.emitter.emit(name, event);
  }
  subscribe<E extends EventName>(name: E, handler: (event: PipelineEvents[E]) => void) {
    this.emitter.on(name, handler);
    return () => void this.emitter.off(name, handler);
  }
  async close() {
    this.emitter.removeAllListeners();
  }
}

/** Redis pub/sub: every API instance hears what any worker publishes. */
export class RedisEvents implements EventBus {
  private readonly local = new InProcessEvents();
  private readonly pub: Redis;
  private sub: Redis | undefined;

  private readonly channel: string;

  constructor(
    private readonly url: string,
    prefix = 'vertelpunt',
  ) {
    this.channel = `${prefix}:events`;
    this.pub = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.pub.on('error', () => {});
  }

  async publish<E extends EventName>(name: E, event: PipelineEvents[E]) {
    if (this.pub.status === 'wait') await this.pub.connect();
    await this.pub.publish(this.channel, JSON.stringify({ name, event }));
  }

  subscribe<E extends EventName>(name: E, handler: (event: PipelineEvents[E]) => void) {
    if (!this.sub) {
      this.sub = new Redis(this.url, { maxRetriesPerRequest: null });
      this.sub.on('error', () => {});
      void this.sub.subscribe(this.channel);
      this.sub.on('message', (_channel, message: string) => {
        const { name: n, event } = JSON.parse(message) as { name: EventName; event: never };
        void this.local.publish(n, event);
      });
    }
    return this.local.subscribe(name, handler);
  }

  async close() {
    this.sub?.disconnect();
    this.pub.disconnect();
    await this.local.close();
  }
}
