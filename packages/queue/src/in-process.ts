import { PermanentJobError, RETRY, queueOf, type FailedJob, type Handlers, type JobCounts, type JobName, type JobPayloads, type JobQueue, type JobStatus, type QueueName } from './jobs.ts';

interface Job {
  id: string;
  name: JobName;
  payload: unknown;
  state: JobStatus['state'];
  attempts: number;
  progress: number;
  runAt: number;
  error?: string;
  failedAt?: string;
}

const KEEP_FINISHED = 10_000;

/**
 * The embedded default's queue: the same semantics as the BullMQ adapter (deterministic ids,
 * retries with exponential backoff, per-queue concurrency, failed jobs listed), in memory.
 * Jobs live as long as the process; the transactional outbox re-enqueues anything unfinished
 * after a restart.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly jobs = new Map<string, Job>();
  private readonly finished: string[] = [];
  private handlers?: Handlers;
  private readonly concurrency = new Map<QueueName, number>();
  private readonly active = new Map<QueueName, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly schedulers = new Map<string, NodeJS.Timeout>();
  private closed = false;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly retry = RETRY) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    const existing = this.jobs.get(jobId);
    if (existing && existing.state !== 'failed') return;
    this.jobs.set(jobId, { id: jobId, name, payload, state: 'waiting', attempts: 0, progress: 0, runAt: Date.now() });
    this.wake();
  }

  async schedule<N extends JobName>(schedulerId: string, name: N, payload: JobPayloads[N], everyMs: number): Promise<void> {
    clearInterval(this.schedulers.get(schedulerId));
    // Like BullMQ's `every`, the first run is due at once.
    const tick = () => void this.enqueue(name, payload, `${schedulerId}-${Math.floor(Date.now() / everyMs)}`).catch(() => {});
    tick();
    const timer = setInterval(tick, everyMs);
    timer.unref();
    this.schedulers.set(schedulerId, timer);
  }

  async work(queues: QueueName[], handlers: Handlers, opts: { concurrency?: Partial<Record<QueueName, number>> } = {}): Promise<void> {
    this.handlers = handlers;
    for (const q of queues) this.concurrency.set(q, opts.concurrency?.[q] ?? 1);
    this.wake();
  }

  private wake(): void {
    if (this.timer || !this.handlers || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dispatch();
    }, 0);
  }

  private dispatch(): void {
    const now = Date.now();
    let nextAt = Infinity;
    for (const job of this.jobs.values()) {
      if (job.state !== 'waiting' && job.state !== 'delayed') continue;
      const queue = queueOf(job.name);
      const limit = this.concurrency.get(queue);
      if (limit === undefined) continue;
      if (job.runAt > now) {
        nextAt = Math.min(nextAt, job.runAt);
        continue;
      }
      if ((this.active.get(queue) ?? 0) >= limit) continue;
      this.active.set(queue, (this.active.get(queue) ?? 0) + 1);
      const run = this.run(job).finally(() => {
        this.active.set(queue, this.active.get(queue)! - 1);
        this.running.delete(run);
        this.wake();
      });
      this.running.add(run);
    }
    if (nextAt !== Infinity && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.dispatch();
      }, nextAt - now);
      this.timer.unref();
    }
  }

  private async run(job: Job): Promise<void> {
    job.state = 'active';
    job.attempts++;
    const handler = this.handlers![job.name] as (p: unknown, ctx: { id: string; attempt: number; progress(f: number): Promise<void> }) => Promise<void>;
    try {
      await handler(job.payload, { id: job.id, attempt: job.attempts, progress: async (f) => void (job.progress = f) });
      job.state = 'completed';
      job.progress = 1;
      this.remember(job.id);
    } catch (err) {
      job.error = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentJobError || job.attempts >= this.retry.attempts) {
        job.state = 'failed';
        job.failedAt = new Date().toISOString();
      } else {
        job.state = 'delayed';
        job.runAt = Date.now() + this.retry.backoffMs * 2 ** (job.attempts - 1);
      }
    }
  }

  private remember(id: string): void {
    this.finished.push(id);
    if (this.finished.length > KEEP_FINISHED) this.jobs.delete(this.finished.shift()!);
  }

  async status(jobId: string): Promise<JobStatus | undefined> {
    const j = this.jobs.get(jobId);
    return j && { id: j.id, name: j.name, payload: j.payload, state: j.state, progress: j.progress, ...(j.error ? { error: j.error } : {}) };
  }

  async counts(): Promise<Record<QueueName, JobCounts>> {
    const out = { enrichment: zero(), patterns: zero() } as Record<QueueName, JobCounts>;
    for (const j of this.jobs.values()) {
      const c = out[queueOf(j.name)];
      if (j.state === 'waiting') c.waiting++;
      else if (j.state === 'active') c.active++;
      else if (j.state === 'delayed') c.delayed++;
      else if (j.state === 'failed') c.failed++;
      else if (j.state === 'completed') c.completed++;
    }
    return out;
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    return [...this.jobs.values()]
      .filter((j) => j.state === 'failed')
      .slice(-limit)
      .map((j) => ({ id: j.id, name: j.name, payload: j.payload, error: j.error ?? '', attempts: j.attempts, failedAt: j.failedAt ?? '' }));
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
  }

  async drained(): Promise<boolean> {
    for (const j of this.jobs.values()) if (j.state === 'waiting' || j.state === 'active' || j.state === 'delayed') return false;
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const t of this.schedulers.values()) clearInterval(t);
    await Promise.allSettled([...this.running]);
  }
}

function zero(): JobCounts {
  return { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
}
