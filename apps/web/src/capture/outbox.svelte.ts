import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ApiError, postAttachment, postStory, type StoryBody } from '../lib/api.ts';

/**
 * Stories waiting to be sent, in IndexedDB so they survive a reload, a crash or a day
 * without network. Each keeps the id it was made with: the API stores a story once per id,
 * so sending again after a lost answer is safe. Nothing is ever dropped silently: a story
 * the server refuses stays in the queue with the reason.
 */
export interface OutboxItem {
  id: string;
  body: StoryBody;
  /** Who sends it: a paired device (its token is read when sending) or the staff session. */
  sender: { device: 'tablet' | 'kiosk' } | { session: true };
  audio?: Blob;
  storySent: boolean;
  queuedAt: string;
  error?: string;
}

interface Schema extends DBSchema {
  outbox: { key: string; value: OutboxItem };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | undefined;
const db = () => (dbPromise ??= openDB<Schema>('vertelpunt-capture', 1, { upgrade: (d) => void d.createObjectStore('outbox', { keyPath: 'id' }) }));

/** A status the server may answer differently later: try again; anything else is a refusal. */
const retryable = (err: unknown) => !(err instanceof ApiError) || err.status >= 500 || err.status === 429 || err.status === 401 || err.status === 408;

export class Outbox {
  items = $state<{ id: string; title: string; queuedAt: string; error: string | undefined }[]>([]);
  count = $derived(this.items.length);
  online = $state(navigator.onLine);
  sending = $state(false);
  private tokenFor: (device: 'tablet' | 'kiosk') => string | undefined;

  constructor(tokenFor: (device: 'tablet' | 'kiosk') => string | undefined) {
    this.tokenFor = tokenFor;
  }

  async refresh() {
    const all = await (await db()).getAll('outbox');
    all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    this.items = all.map((i) => ({ id: i.id, title: i.body.title ?? i.body.text.slice(0, 60), queuedAt: i.queuedAt, error: i.error }));
  }

  async add(item: Omit<OutboxItem, 'storySent' | 'queuedAt'>) {
    await (await db()).put('outbox', { ...item, storySent: false, queuedAt: new Date().toISOString() });
    await this.refresh();
  }

  /** Sends what waits, oldest first; stops at the first network failure. Returns what was sent. */
  async flush(): Promise<string[]> {
    if (this.sending) return [];
    this.sending = true;
    const sent: string[] = [];
    try {
      const d = await db();
      const all = (await d.getAll('outbox')).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
      for (const item of all) {
        const token = 'device' in item.sender ? this.tokenFor(item.sender.device) : undefined;
        if ('device' in item.sender && !token) continue;
        try {
          if (!item.storySent) {
            await postStory(item.body, token);
            item.storySent = true;
            if (item.audio) await d.put('outbox', item);
          }
          if (item.audio) await postAttachment(item.id, item.audio, token);
          await d.delete('outbox', item.id);
          sent.push(item.id);
        } catch (err) {
          if (retryable(err)) {
            if (err instanceof ApiError) await d.put('outbox', { ...item, error: err.message });
            break;
          }
          const issues = err instanceof ApiError && err.issues.length > 0 ? ` (${err.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : '';
          await d.put('outbox', { ...item, error: `${(err as Error).message}${issues}` });
        }
      }
    } finally {
      this.sending = false;
      await this.refresh();
    }
    return sent;
  }

  /** Keeps the queue moving: now, whenever the network returns, and every half minute. */
  start(): () => void {
    const online = () => {
      this.online = true;
      void this.flush();
    };
    const offline = () => (this.online = false);
    addEventListener('online', online);
    addEventListener('offline', offline);
    const timer = setInterval(() => void this.flush(), 30_000);
    void this.refresh().then(() => this.flush());
    return () => {
      removeEventListener('online', online);
      removeEventListener('offline', offline);
      clearInterval(timer);
    };
  }
}
