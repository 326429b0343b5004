import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { PermanentJobError, QUEUES, RETRY, queueOf, type FailedJob, type Handlers, type JobCounts, type JobName, type JobPayloads, type JobQueue, type JobStatus, type QueueName } from './jobs.ts';


/**
 * BullMQ on Redis. Job ids are deterministic, so enqueueing the same work twice (a relay that
 * retries, a story sent twice) adds one job. Completed jobs are kept for a day to make that
 * de-duplication last beyond the job itself.
 */
export class BullMqQueue implements JobQueue {
  readonly kind = 'redis' as const;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly client: Redis;
  private readonly lockMs: number;

  private readonly prefix: string;
  private readonly retry: { attempts: number; backoffMs: number };

  /** `prefix` separates deployments (and test runs) sharing one Redis. */
  constructor(
    private readonly url: string,
    opts: { prefix?: string; retry?: { attempts: number; backoffMs: number }; lockMs?: number } = {},
  ) {
    this.prefix = opts.prefix ?? 'vertelpunt';
    this.retry = opts.retry ?? RETRY;
    this.lockMs = opts.lockMs ?? 30_000;
    // Producers fail fast while Redis is away (the outbox keeps the work); workers wait.
    this.client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.client.on('error', () => {});
  }

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: { url: this.url, maxRetriesPerRequest: 1, enableOfflineQueue: false },
        prefix: this.prefix,
        defaultJobOptions: {
          attempts: this.retry.attempts,
          backoff: { type: 'exponential', delay: this.retry.backoffMs },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { count: 1_000 },
        },
      });
      q.on('error', () => {});
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
    await this.queue(queueOf(name)).add(name, payload, { jobId });
  }

  async schedule<N extends JobName>(schedulerId: string, name: N, payload: JobPayloads[N], everyMs: number): Promise<void> {
    await this.queue(queueOf(name)).upsertJobScheduler(schedulerId, { every: everyMs }, { name, data: payload });
  }

  async work(queues: QueueName[], handlers: Handlers, opts: { concurrency?: Partial<Record<QueueName, number>> } = {}): Promise<void> {
    for (const queue of queues) {
      for (const job of QUEUES[queue]) if (typeof handlers[job] !== 'function') throw new Error(`no handler for job ${job}`);
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = handlers[job.name as JobName] as (p: unknown, ctx: { id: string; attempt: number; progress(f: number): Promise<void> }) => Promise<void>;
          try {
            await handler(job.data, { id: job.id!, attempt: job.attemptsMade + 1, progress: (f) => job.updateProgress(Math.round(f * 100)) });
          } catch (err) {
            if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
            throw err;
          }
        },
        {
          connection: { url: this.url, maxRetriesPerRequest: null },
          prefix: this.prefix,
          concurrency: opts.concurrency?.[queue] ?? 1,
          // A worker that dies mid-job loses its lock; another takes the job up after this long.
          lockDuration: this.lockMs,
          stalledInterval: this.lockMs,
        },
      );
      worker.on('error', () => {});
      this.workers.push(worker);
      await worker.waitUntilReady();
    }
  }

  async status(jobId: string): Promise<JobStatus | undefined> {
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      const job = await this.queue(name).getJob(jobId);
      if (!job) continue;
      const state = await job.getState();
      const progress = typeof job.progress === 'number' ? job.progress / 100 : 0;
      const known = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
      return {
        id: jobId,
        name: job.name as JobName,
        payload: job.data,
        state: (known as readonly string[]).includes(state) ? (state as JobStatus['state']) : state === 'prioritized' || state === 'waiting-children' ? 'waiting' : 'unknown',
        progress: state === 'completed' ? 1 : progress,
        ...(job.failedReason ? { error: job.failedReason } : {}),
      };
    }
    return undefined;
  }

  async counts(): Promise<Record<QueueName, JobCounts>> {
    const out = {} as Record<QueueName, JobCounts>;
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      const c = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
      out[name] = { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 };
    }
    return out;
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    const out: FailedJob[] = [];
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      for (const job of await this.queue(name).getFailed(0, limit - 1)) {
        out.push({ id: job.id!, name: job.name as JobName, payload: job.data, error: job.failedReason, attempts: job.attemptsMade, failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString() });
      }
    }
    return out.slice(0, limit);
  }

  async ping(): Promise<void> {
    if (this.client.status === 'wait') await this.client.connect().catch(() => {});
    await this.client.ping();
  }

  async drained(): Promise<boolean> {
    const counts = await this.counts();
    return Object.values(counts).every((c) => c.waiting + c.active + c.delayed === 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.client.disconnect();
  }
}
