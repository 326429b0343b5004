import { compactRollups, type Db } from '@vertelpunt/db';
import type { Logger } from './relay.ts';

/**
 * Folds the rollup changes that writes append (story_rollup_delta, answer_rollup_delta) into
 * the dashboard's daily and monthly rollups, once a second. Reads add what is not folded yet, so this only keeps
 * the delta table short; several workers may run it at once (the database function is safe
 * under concurrency), and a database that is away only delays it.
 */
export class RollupCompactor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly everyMs = 1_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.pass().finally(() => (this.running = undefined));
    }, this.everyMs);
  }

  private async pass(): Promise<void> {
    try {
      await compactRollups(this.db);
      if (this.failures > 0) this.log.info({ failures: this.failures }, 'rollups folded again');
      this.failures = 0;
    } catch (err) {
      this.failures++;
      if (this.failures === 1 || this.failures % 60 === 0) this.log.warn({ err, failures: this.failures }, 'could not fold the rollup deltas; reads still add the waiting changes');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
