import { liveCounts, type Db } from '@vertelpunt/db';
import type { EventBus } from '@vertelpunt/queue';
import { suppress } from './dashboard.ts';

export type LiveEvent = { name: 'counters'; data: { total: number | null; today: number | null; week: number | null; at: string } } | { name: 'patterns'; data: { collectionId: string; runId: string } };
type Listener = (event: LiveEvent) => void;

/** A burst of stories costs one count per organisation per window, not one per story and viewer. */
const THROTTLE_MS = 250;

/**
 * Live dashboard updates per organisation. Listens to the event bus (Redis pub/sub across API
 * instances in real mode, in-process in the embedded default) only while someone watches,
 * and recounts once per organisation for all its viewers. Events of other organisations
 * never reach a viewer: listeners are kept per organisation id.
 */
export class LiveHub {
  private readonly viewers = new Map<string, { listeners: Set<Listener>; minN: number; timer?: NodeJS.Timeout }>();
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly onError: (err: unknown) => void,
  ) {}

  async counters(organisationId: string, minN: number): Promise<LiveEvent & { name: 'counters' }> {
    const c = await liveCounts(this.db, organisationId);
    return { name: 'counters', data: { total: suppress(c.total, minN), today: suppress(c.today, minN), week: suppress(c.week, minN), at: new Date().toISOString() } };
  }

  /** Starts sending `organisationId`'s events to `listener`; returns the function that stops it. */
  watch(organisationId: string, minN: number, listener: Listener): () => void {
    if (this.unsubscribe.length === 0) {
      this.unsubscribe = [
        this.events.subscribe('story.received', (e) => this.changed(e.organisationId)),
        this.events.subscribe('patterns.updated', (e) => this.send(e.organisationId, { name: 'patterns', data: { collectionId: e.collectionId, runId: e.runId } })),
      ];
    }
    const entry = this.viewers.get(organisationId) ?? { listeners: new Set<Listener>(), minN };
    entry.minN = minN;
    entry.listeners.add(listener);
    this.viewers.set(organisationId, entry);
    return () => {
      if (!entry.listeners.delete(listener) || entry.listeners.size > 0) return;
      clearTimeout(entry.timer);
      this.viewers.delete(organisationId);
      if (this.viewers.size === 0) this.close();
    };
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const v of this.viewers.values()) clearTimeout(v.timer);
  }

  private send(organisationId: string, event: LiveEvent) {
    for (const l of this.viewers.get(organisationId)?.listeners ?? []) l(event);
  }

  private changed(organisationId: string) {
    const entry = this.viewers.get(organisationId);
    if (!entry || entry.timer) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.counters(organisationId, entry.minN).then((e) => this.send(organisationId, e), this.onError);
    }, THROTTLE_MS);
  }
}
