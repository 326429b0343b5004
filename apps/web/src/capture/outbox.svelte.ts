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
/** The session ended (401), or its CSRF token is not the page's (403, after a login elsewhere). */
const sessionRefused = (err: unknown) => err instanceof ApiError && (err.status === 401 || err.status === 403);

/**
 * The staff session as the outbox needs it. A story told while signed in goes with the
 * session's cookie and CSRF token, so it waits until the page has the session again: after
 * an offline start, the network returning, or a new login.
 */
export interface StaffSession {
  /** True while the page holds a session (and so its CSRF token). */
  active(): boolean;
  /** Asks the server for the session again; resolves true when there is one. */
  reload(): Promise<boolean>;
}

export class Outbox {
  items = $state<{ id: string; title: string; queuedAt: string; error: string | undefined; staff: boolean }[]>([]);
  count = $derived(this.items.length);
  online = $state(navigator.onLine);
  sending = $state(false);
  private tokenFor: (device: 'tablet' | 'kiosk') => string | undefined;
  private session: StaffSession;

  constructor(tokenFor: (device: 'tablet' | 'kiosk') => string | undefined, session: StaffSession) {
    this.tokenFor = tokenFor;
    this.session = session;
  }

  /** Whether a staff story can go now; if not, it waits for a login, and the list says so. */
  get signedIn(): boolean {
    return this.session.active();
  }

  async refresh() {
    const all = await (await db()).getAll('outbox');
    all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    this.items = all.map((i) => ({ id: i.id, title: i.body.title ?? i.body.text.slice(0, 60), queuedAt: i.queuedAt, error: i.error, staff: 'session' in i.sender }));
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
    // The session is asked for at most once per flush: when the page has none, or it was refused.
    let sessionAsked = false;
    const sessionReady = async (ask: boolean) => {
      if (ask && !sessionAsked) {
        sessionAsked = true;
        await this.session.reload().catch(() => false);
      }
      return this.session.active();
    };
    try {
      const d = await db();
      const send = async (item: OutboxItem, token: string | undefined) => {
        if (!item.storySent) {
          await postStory(item.body, token);
          item.storySent = true;
          if (item.audio) await d.put('outbox', item);
        }
        if (item.audio) await postAttachment(item.id, item.audio, token);
        await d.delete('outbox', item.id);
      };
      const all = (await d.getAll('outbox')).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
      for (const item of all) {
        const staff = 'session' in item.sender;
        const token = 'device' in item.sender ? this.tokenFor(item.sender.device) : undefined;
        if ('device' in item.sender && !token) continue;
        // No session in the page: the story waits for one, and the device stories behind it go on.
        if (staff && !(await sessionReady(!this.session.active()))) continue;
        try {
          try {
            await send(item, token);
          } catch (err) {
            if (!staff || !sessionRefused(err) || sessionAsked || !(await sessionReady(true))) throw err;
            await send(item, token);
          }
          sent.push(item.id);
        } catch (err) {
          // Logged out, or the session expired: it waits for the next login, as above.
          if (staff && err instanceof ApiError && err.status === 401) continue;
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
