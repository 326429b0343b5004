import { afterEach, describe, expect, it } from 'vitest';
import { PermanentJobError, type Handlers, type JobQueue } from '@vertelpunt/queue';

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const noop = async () => {};

/**
 * The queue contract: what the pipeline relies on, for both adapters (BullMQ on real Redis,
 * and the in-process runner of the embedded default). `open` gets a queue whose retries back
 * off by a few milliseconds.
 */
export function queueContract(open: () => JobQueue) {
  let queue: JobQueue;
  afterEach(async () => {
    await queue?.close();
  });

  describe(`queue contract`, () => {
    it('runs a job with its payload', async () => {
      queue = open();
      const seen: unknown[] = [];
      await queue.work(['enrichment'], { 'enrich-story': async (p) => void seen.push(p), 'find-patterns': noop } as Handlers);
      await queue.enqueue('enrich-story', { storyId: 's1', organisationId: 'o1' }, 'enrich-s1');
      await until(() => seen.length === 1, 'the job');
      expect(seen).toEqual([{ storyId: 's1', organisationId: 'o1' }]);
      await until(async () => (await queue.status('enrich-s1'))?.state === 'completed', 'completed state');
    });

    it('adds one job for one id, however often it is enqueued', async () => {
      queue = open();
      let runs = 0;
      for (let i = 0; i < 5; i++) await queue.enqueue('enrich-story', { storyId: 's2', organisationId: 'o1' }, 'enrich-s2');
      await queue.work(['enrichment'], { 'enrich-story': async () => void runs++, 'find-patterns': noop } as Handlers);
      await until(() => queue.drained(), 'drain');
      await queue.enqueue('enrich-story', { storyId: 's2', organisationId: 'o1' }, 'enrich-s2');
      await new Promise((r) => setTimeout(r, 200));
      expect(runs).toBe(1);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      queue = open();
      const attempts: number[] = [];
      await queue.work(['enrichment'], {
        'enrich-story': async (_p, ctx) => {
          attempts.push(ctx.attempt);
          if (ctx.attempt < 3) throw new Error('not yet');
        },
        'find-patterns': noop,
      } as Handlers);
      await queue.enqueue('enrich-story', { storyId: 's3', organisationId: 'o1' }, 'enrich-s3');
      await until(async () => (await queue.status('enrich-s3'))?.state === 'completed', 'success after retries');
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('lists a job that keeps failing, with its error; a permanent error is not retried', async () => {
      queue = open();
      let permanentRuns = 0;
      await queue.work(['enrichment'], {
        'enrich-story': async (p) => {
          if (p.storyId === 'bad') {
            permanentRuns++;
            throw new PermanentJobError('malformed payload');
          }
          throw new Error('database says no');
        },
        'find-patterns': noop,
      } as Handlers);
      await queue.enqueue('enrich-story', { storyId: 'bad', organisationId: 'o1' }, 'enrich-bad');
      await queue.enqueue('enrich-story', { storyId: 'flaky', organisationId: 'o1' }, 'enrich-flaky');
      await until(async () => (await queue.failed()).length === 2, 'two failed jobs', 20_000);
      const failed = await queue.failed();
      expect(failed.find((f) => f.id === 'enrich-bad')).toMatchObject({ name: 'enrich-story', error: 'malformed payload', attempts: 1 });
      expect(failed.find((f) => f.id === 'enrich-flaky')).toMatchObject({ error: 'database says no', attempts: 3 });
      expect(permanentRuns).toBe(1);
      expect((await queue.counts()).enrichment.failed).toBe(2);
    });

    it('keeps to the concurrency it was given', async () => {
      queue = open();
      let active = 0;
      let peak = 0;
      let done = 0;
      await queue.work(
        ['enrichment'],
        {
          'enrich-story': async () => {
            peak = Math.max(peak, ++active);
            await new Promise((r) => setTimeout(r, 30));
            active--;
            done++;
          },
          'find-patterns': noop,
        } as Handlers,
        { concurrency: { enrichment: 2 } },
      );
      for (let i = 0; i < 8; i++) await queue.enqueue('enrich-story', { storyId: `c${i}`, organisationId: 'o1' }, `enrich-c${i}`);
      await until(() => done === 8, 'all jobs');
      expect(peak).toBe(2);
    });

    it('reports progress of a long job and lets an active job finish on close', async () => {
      queue = open();
      let release!: () => void;
      let finished = false;
      await queue.work(['patterns'], {
        'enrich-story': noop,
        'find-patterns': async (_p, ctx) => {
          await ctx.progress(0.5);
          await new Promise<void>((r) => (release = r));
          finished = true;
        },
      } as Handlers);
      await queue.enqueue('find-patterns', { organisationId: 'o1', collectionId: 'c1', reason: 'request' }, 'patterns-1');
      await until(async () => (await queue.status('patterns-1'))?.progress === 0.5, 'progress 0.5');
      const closing = queue.close();
      release();
      await closing;
      expect(finished).toBe(true);
    });
  });
}
