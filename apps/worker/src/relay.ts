import { STORY_RECEIVED_TOPIC, relayOutbox, type Db, type OutboxRow } from '@vertelpunt/db';
import type { JobQueue } from '@vertelpunt/queue';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** The job an outbox record becomes. Job ids are deterministic, so a second relay adds nothing. */
async function deliver(queue: JobQueue, row: OutboxRow): Promise<void> {
  if (row.topic === STORY_RECEIVED_TOPIC) {
    const { storyId, organisationId } = row.payload as { storyId: string; organisationId: string };
    await queue.enqueue('enrich-story', { storyId, organisationId }, `enrich-${storyId}`);
    return;
  }
  throw new Error(`no job for outbox topic ${row.topic}`);
}

/**
 * Moves outbox records to the queue. Polls briskly while there is work and backs off while
 * the queue is unreachable; `kick()` runs a pass at once (the API calls it after a write in
 * the embedded default, where both live in one process).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly log: Logger,
    private readonly opts = { intervalMs: 100, batch: 200, maxBackoffMs: 5_000 },
  ) {}

  start(): void {
    this.schedule(0);
  }

  kick(): void {
    if (!this.running && !this.stopped) this.schedule(0);
  }

  /** One pass; resolves with the number of records relayed. */
  async relayOnce(): Promise<number> {
    return relayOutbox(this.db, this.opts.batch, async (rows) => {
      for (const row of rows) await deliver(this.queue, row);
    });
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => (this.running = undefined));
    }, ms);
  }

  private async pass(): Promise<void> {
    let delay = this.opts.intervalMs;
    try {
      const n = await this.relayOnce();
      if (this.failures > 0) this.log.info({ relayed: n }, 'outbox relay recovered');
      this.failures = 0;
      if (n === this.opts.batch) delay = 0;
    } catch (err) {
      this.failures++;
      delay = Math.min(this.opts.maxBackoffMs, this.opts.intervalMs * 2 ** this.failures);
      if (this.failures === 1 || this.failures % 20 === 0) this.log.warn({ err, failures: this.failures }, 'outbox relay failed; records stay in the outbox');
    }
    if (!this.stopped) this.schedule(delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
