import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { startProcess } from '../../scripts/bench/lib.ts';
import { Pool } from 'undici';
import { BullMqQueue } from '@vertelpunt/queue';
import { defaultFrameworkNl, demoStories } from '@vertelpunt/core/demo';
import type { ThrowawayPostgres, ThrowawayRedis } from '../helpers/services.ts';

export const PASSWORD = 'faults-wachtwoord';

/** A process of ours (API or worker) that a scenario may kill and start again. */
export class Proc {
  private running: Awaited<ReturnType<typeof startProcess>> | undefined;
  constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
  ) {}

  private killing = false;
  /** Set when the process ended without being told to (a crash): a scenario fails on it. */
  crashed: string | undefined;

  async start(readyPattern: RegExp): Promise<RegExpExecArray> {
    const running = await startProcess(this.script, this.env, readyPattern);
    this.running = running;
    this.killing = false;
    running.child.once('exit', (code, signal) => {
      if (!this.killing) this.crashed = `${this.script} exited by itself (code ${code}, signal ${signal}):\n${running.output().slice(-2000)}`;
    });
    return running.match;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.killing = true;
    await this.running?.stop(signal);
  }
}

export interface Tally {
  acknowledged: Set<string>;
  /** Responses with a status >= 500 other than the documented 503. */
  unexpected5xx: number;
  status503: number;
  /** Other failures after all retries (the client gave up on the story). */
  gaveUp: number;
}

export const newTally = (): Tally => ({ acknowledged: new Set(), unexpected5xx: 0, status503: 0, gaveUp: 0 });

/** A capture client as the apps behave: posts a story and retries it, same id, until it is acknowledged. */
export class StoryClient {
  private readonly http: Pool;
  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    readonly collectionId: string,
  ) {
    this.http = new Pool(baseUrl, { connections: 64 });
  }

  private readonly templates = demoStories(defaultFrameworkNl(), { count: 200, seed: 7, now: new Date() }).filter((s) => s.channel === 'web');
  private next = 0;

  /** A fresh, valid story for the demo framework, told a minute ago. */
  story() {
    const t = this.templates[this.next++ % this.templates.length]!;
    return { id: randomUUID(), collectionId: this.collectionId, promptId: t.promptId, title: t.title, text: t.text, language: 'nl', createdAt: new Date(Date.now() - 60_000).toISOString(), answers: t.answers };
  }

  async send(story: object & { id: string }, tally: Tally, deadlineMs = 90_000): Promise<boolean> {
    const end = Date.now() + deadlineMs;
    const body = JSON.stringify(story);
    for (;;) {
      let wait = 250;
      try {
        const res = await this.http.request({ method: 'POST', path: '/api/stories', headers: { 'content-type': 'application/json', ...this.headers }, body, headersTimeout: 15_000, bodyTimeout: 15_000 });
        await res.body.dump();
        if (res.statusCode === 200 || res.statusCode === 201) {
          tally.acknowledged.add(story.id);
          return true;
        }
        if (res.statusCode === 503) {
          tally.status503++;
          wait = Number(res.headers['retry-after'] ?? 1) * 100;
        } else if (res.statusCode >= 500) {
          tally.unexpected5xx++;
        } else {
          throw new Error(`story ${story.id} refused with ${res.statusCode}`);
        }
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('story ')) throw err;
        // Connection refused or reset: the server is away; try again with the same id.
      }
      if (Date.now() > end) {
        tally.gaveUp++;
        return false;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Sends stories at about `perSecond` until `stop()` is called. */
  stream(tally: Tally, perSecond: number): { stop(): Promise<void> } {
    let running = true;
    const inFlight = new Set<Promise<boolean>>();
    const loop = (async () => {
      while (running) {
        const p = this.send(this.story(), tally).finally(() => inFlight.delete(p));
        inFlight.add(p);
        await new Promise((r) => setTimeout(r, 1000 / perSecond));
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        await Promise.all(inFlight);
      },
    };
  }

  async close() {
    await this.http.close();
  }
}

export interface Invariants {
  scenario: string;
  acknowledged: number;
  stored: number;
  enriched: number;
  duplicates: number;
  lost: number;
  unexpected5xx: number;
  status503: number;
  queueLeft: number;
  /** Outbox records not yet moved to the queue. */
  outboxLeft: number;
  failedJobs: number;
}

/** Waits for the pipeline to settle, then checks every acknowledged story against the database. */
export async function settle(scenario: string, tally: Tally, env: { pgUrl: string; redisUrl: string; prefix: string }, timeoutMs = 120_000): Promise<Invariants> {
  const db = new pg.Client({ connectionString: env.pgUrl });
  db.on('error', () => {}); // a failed query rejects; the event alone must not crash the test run
  await db.connect();
  const queue = new BullMqQueue(env.redisUrl, { prefix: env.prefix });
  try {
    const ids = [...tally.acknowledged];
    const end = Date.now() + timeoutMs;
    let row: { stored: number; enriched: number; pending: number; rows: number };
    let queueLeft = 0;
    for (;;) {
      const res = await db.query(
        `select count(distinct s.id)::int as stored, count(s.id)::int as rows, count(e.story_id)::int as enriched,
                (select count(*)::int from outbox where relayed_at is null) as pending
         from unnest($1::uuid[]) as a(id) left join story s on s.id = a.id left join story_enrichment e on e.story_id = s.id`,
        [ids],
      );
      row = res.rows[0];
      const counts = await queue.counts().catch(() => undefined);
      // The pattern scheduler always holds its next run as a delayed job; that is not work left.
      queueLeft = counts ? counts.enrichment.waiting + counts.enrichment.active + counts.enrichment.delayed + counts.patterns.waiting + counts.patterns.active : -1;
      if ((row.enriched === row.stored && row.pending === 0 && queueLeft === 0) || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const failed = await queue.failed(1000).catch(() => []);
    return {
      scenario,
      acknowledged: ids.length,
      stored: row.stored,
      enriched: row.enriched,
      duplicates: row.rows - row.stored,
      lost: ids.length - row.stored,
      unexpected5xx: tally.unexpected5xx,
      status503: tally.status503,
      queueLeft,
      outboxLeft: row.pending,
      failedJobs: failed.length,
    };
  } finally {
    await db.end();
    await queue.close();
  }
}

export function prefix(): string {
  return `vt-faults-${randomBytes(3).toString('hex')}`;
}


export type { ThrowawayPostgres, ThrowawayRedis };
