import type { Db } from '../client.ts';
import { insertStories, type StoryToInsert } from './stories.ts';

type Waiter = StoryToInsert & { resolve(v: { story: StoryToInsert['story']; created: boolean }): void; reject(e: unknown): void };

/**
 * Group commit for story submissions. Stories that arrive while a write is in flight are
 * written together by the next one, so under load many stories share one statement and one
 * commit, while a lone story is written at once. Each caller still gets its own result: if a
 * batch fails as a whole, its stories are retried one by one, so one bad story never takes
 * the others down with it.
 */
export class StoryBatcher {
  private queue: Waiter[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    // One write in flight: concurrent batches would wait on each other's locks on the same
    // rollup rows anyway; measured, one at a time gives twice the throughput of four.
    private readonly opts: { maxBatch: number; maxInFlight: number } = { maxBatch: 64, maxInFlight: 1 },
  ) {}

  insert(item: StoryToInsert): Promise<{ story: StoryToInsert['story']; created: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Waiter[]): Promise<void> {
    try {
      const results = await insertStories(this.db, batch);
      results.forEach((r, i) => ('error' in r ? batch[i]!.reject(r.error) : batch[i]!.resolve(r)));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      await Promise.all(batch.map((w) => this.write([w])));
    }
  }
}
