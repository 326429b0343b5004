/**
 * The job catalogue: every job the pipeline runs, its payload, and the queue it goes to.
 * Producers and workers share these types, and a worker refuses to start without a handler
 * for each job of its queues.
 */
export interface JobPayloads {
  /** Enrich one story: language, redaction check, tokens, sentiment, terms, nearest pattern. */
  'enrich-story': { storyId: string; organisationId: string };
  /** Find patterns in one collection's stories. */
  'find-patterns': { organisationId: string; collectionId: string; reason: 'schedule' | 'request' | 'threshold'; runId?: string };
}
export type JobName = keyof JobPayloads;

export const QUEUES = {
  enrichment: ['enrich-story'],
  patterns: ['find-patterns'],
} as const satisfies Record<string, readonly JobName[]>;
export type QueueName = keyof typeof QUEUES;

export function queueOf(job: JobName): QueueName {
  for (const [queue, jobs] of Object.entries(QUEUES)) if ((jobs as readonly string[]).includes(job)) return queue as QueueName;
  throw new Error(`job ${job} is in no queue`);
}

/** Retries with exponential backoff: 1 s, 2 s, 4 s, ... */
export const RETRY = { attempts: 8, backoffMs: 1_000 };

/** A payload that can never succeed: fail at once, do not retry. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface JobContext {
  id: string;
  attempt: number;
  /** Reports progress (0..1) of a long job, readable through the API. */
  progress(fraction: number): Promise<void>;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<void>;
export type Handlers = { [N in JobName]: JobHandler<N> };

export interface FailedJob {
  id: string;
  name: JobName;
  payload: unknown;
  error: string;
  attempts: number;
  failedAt: string;
}

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface JobStatus {
  id: string;
  name: JobName;
  payload: unknown;
  state: 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'unknown';
  progress: number;
  error?: string;
}

/**
 * The queue port. Two adapters with the same semantics (deterministic ids, retries with
 * backoff, concurrency, failed-job listing): BullMQ on Redis, and an in-process runner for the
 * embedded default.
 */
export interface JobQueue {
  kind: 'redis' | 'in-process';
  /** Adds a job; a job id already known (waiting, active or completed) adds nothing. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string): Promise<void>;
  /** Runs `name` every `everyMs` (one scheduler per id, updated in place). */
  schedule<N extends JobName>(schedulerId: string, name: N, payload: JobPayloads[N], everyMs: number): Promise<void>;
  /** Starts processing the given queues with the handlers. */
  work(queues: QueueName[], handlers: Handlers, opts?: { concurrency?: Partial<Record<QueueName, number>> }): Promise<void>;
  status(jobId: string): Promise<JobStatus | undefined>;
  counts(): Promise<Record<QueueName, JobCounts>>;
  failed(limit?: number): Promise<FailedJob[]>;
  /** Throws when the backend cannot be reached. */
  ping(): Promise<void>;
  /** Resolves when no job is waiting, delayed or active (tests, benchmarks). */
  drained(): Promise<boolean>;
  /** Stops workers (letting active jobs finish), then closes connections. */
  close(): Promise<void>;
}
