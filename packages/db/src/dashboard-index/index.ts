import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../client.ts';
import { DASHBOARD_TZ, storyTotalSql } from '../repos/dashboard.ts';
import { StoryColumns, type AnswerFactRow, type StoryFact } from './columns.ts';

export { StoryColumns, pgFloatText, type AnswerFactRow, type StoryFact } from './columns.ts';

export interface DashboardIndexOptions {
  /**
   * How long after its received_at a story may commit: each read looks this far back for
   * stories that committed after the previous read. received_at is set when the API accepts a
   * story, before its batch is written (milliseconds, seconds under a backlog); the window also
   * covers clock differences between API hosts and the database. A story later than this is
   * not lost: the count check finds it and the index loads again.
   */
  windowMs?: number;
  /** Organisations with more stories are read from SQL only (memory: about 150 bytes a story). */
  maxStories?: number;
  /** Stories per query while loading. */
  chunk?: number;
  onError?: (err: unknown, organisationId: string) => void;
  onLoaded?: (organisationId: string, stories: number, ms: number) => void;
}

interface OrgState {
  cols: StoryColumns | null;
  loading: Promise<void> | null;
  /** The database's clock at the last read, in microseconds. */
  seenMicros: number;
  /** A pull that has not started yet: a caller arriving now is covered by it. */
  waiting: Promise<void> | null;
  tail: Promise<void> | null;
  tooLarge: boolean;
  /** Loads in a row that found the index out of step again; each waits longer before the next. */
  reloads: number;
  retryAt: number;
}

/** A timestamp as microseconds since the epoch, exact (as text: int8 does not fit a JS number in general). */
const micros = (expression: string) => `(extract(epoch from ${expression}) * 1000000)::int8::text`;
const NOW_MICROS = sql.raw(micros('now()'));

const STORY_COLUMNS = sql.raw(`s.id::text as id, ${micros('s.received_at')} as "atMicros",
  ((s.received_at at time zone '${DASHBOARD_TZ}')::date - date '1970-01-01') as day,
  s.collection_id as "collectionId", s.channel, s.teller_kind as "tellerKind", s.team_id as "teamId"`);
const ANSWER_COLUMNS = sql.raw(`a.story_id::text as "storyId", a.question_id as "questionId", a.kind, a.not_applicable as "notApplicable",
  a.option_id as "optionId", a.item_id as "itemId", a.v1, a.v2, a.v3`);

type StoryRow = Omit<StoryFact, 'atMicros'> & { atMicros: string };
/** An id's first 32 bits as a signed integer, as PostgreSQL's `('x' || …)::bit(32)::int`. */
const idHead = (id: string) => parseInt(id.slice(0, 8), 16) | 0;
const toFact = (r: StoryRow): StoryFact => ({ ...r, atMicros: Number(r.atMicros) });

/**
 * Keeps each organisation's stories as columns (StoryColumns) for the dashboard reads the
 * rollups cannot answer. Loaded on first use, in the background (reads go to SQL meanwhile);
 * after that every read first pulls what changed, so it sees every story committed before it
 * started, as the SQL path does:
 * - the stories from the newest one held on are added (their keys, then their rows and answers);
 * - a story that committed late, below the newest held, shows in the window (received within
 *   a minute before the previous pull): its count and the sum of its ids' first 32 bits differ
 *   from the index's, and then the window's keys are read;
 * - in the same snapshot the story rollups give the organisation's exact count; where the
 *   index holds another number (a deletion, a story stored with an old received_at, a
 *   transaction longer than the window) it is dropped and loaded again, and SQL answers
 *   until then. Not detected: a deletion and an old-dated insert, both outside the window,
 *   between two reads.
 * Concurrent reads share one pull. Each API instance keeps its own index.
 */
export class DashboardIndex {
  private readonly orgs = new Map<string, OrgState>();
  private readonly windowMicros: number;
  private readonly maxStories: number;
  private readonly chunk: number;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly options: DashboardIndexOptions = {},
  ) {
    this.windowMicros = (options.windowMs ?? 60_000) * 1000;
    this.maxStories = options.maxStories ?? 5_000_000;
    this.chunk = options.chunk ?? 50_000;
  }

  /** The organisation's columns, current as of this call; null while loading (read SQL then). */
  async current(organisationId: string): Promise<StoryColumns | null> {
    if (this.closed) return null;
    const st = this.state(organisationId);
    if (st.tooLarge) return null;
    if (!st.cols) {
      this.startLoad(organisationId, st);
      return null;
    }
    try {
      await this.pull(organisationId, st);
    } catch (err) {
      // The read goes to SQL, and the index loads again: it may have missed what the pull would have added.
      this.options.onError?.(err, organisationId);
      this.reload(organisationId, st);
      return null;
    }
    return st.cols;
  }

  /** Starts loading the organisation's index if it has none, without reading anything now. */
  warm(organisationId: string): void {
    if (this.closed) return;
    const st = this.state(organisationId);
    if (!st.cols && !st.tooLarge) this.startLoad(organisationId, st);
  }

  private state(organisationId: string): OrgState {
    let st = this.orgs.get(organisationId);
    if (!st) this.orgs.set(organisationId, (st = { cols: null, loading: null, seenMicros: 0, waiting: null, tail: null, tooLarge: false, reloads: 0, retryAt: 0 }));
    return st;
  }

  /** Waits until the organisation's index is loaded (tests, benchmarks, warm-up at start); false after `timeoutMs`. */
  async ready(organisationId: string, timeoutMs = 120_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await this.current(organisationId)) return true;
      const st = this.orgs.get(organisationId);
      if (!st || st.tooLarge || this.closed) return false;
      await (st.loading ?? new Promise((r) => setTimeout(r, Math.min(1000, Math.max(10, st.retryAt - Date.now())))));
    }
    return false;
  }

  private startLoad(organisationId: string, st: OrgState): void {
    if (st.loading || Date.now() < st.retryAt) return;
    st.loading = this.load(organisationId, st).finally(() => (st.loading = null));
  }

  /**
   * Drops the columns and loads again (SQL answers meanwhile). The first reload starts at once;
   * when the index is found out of step again right after (a write backlog longer than the
   * window, say), each next one waits longer, up to a minute, so reads do not keep the database
   * busy with loads.
   */
  private reload(organisationId: string, st: OrgState): void {
    st.cols = null;
    st.retryAt = st.reloads === 0 ? 0 : Date.now() + Math.min(60_000, 500 * 2 ** st.reloads);
    st.reloads++;
    this.startLoad(organisationId, st);
  }

  /** Whether reads of this organisation come from the index yet, and how many stories it holds. */
  status(organisationId: string): { state: 'loading' | 'ready' | 'too-large'; stories: number } {
    const st = this.orgs.get(organisationId);
    return { state: st?.tooLarge ? 'too-large' : st?.cols ? 'ready' : 'loading', stories: st?.cols?.n ?? 0 };
  }

  close(): void {
    this.closed = true;
    this.orgs.clear();
  }

  private async load(organisationId: string, st: OrgState): Promise<void> {
    const t0 = performance.now();
    try {
      const [head] = await queryRows<{ now: string; total: number }>(this.db, sql`select ${NOW_MICROS} as now, ${storyTotalSql(organisationId)} as total`);
      if (head!.total > this.maxStories) {
        st.tooLarge = true;
        return;
      }
      const cols = new StoryColumns(head!.total + 1024);
      let after: { at: string; id: string } | null = null;
      for (;;) {
        // received_at's own text as the key: exact to the microsecond.
        const keyset: SQL = after ? sql`and (s.received_at, s.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
        const page = sql`select s.id, s.received_at from story s where s.organisation_id = ${organisationId} ${keyset} order by s.received_at, s.id limit ${this.chunk}`;
        // Both statements in one snapshot: a story committing between them would change the page.
        const [stories, answers] = await this.db.transaction(
          async (tx) => [
            await queryRows<StoryRow & { atText: string }>(tx, sql`select ${STORY_COLUMNS}, s.received_at::text as "atText" from (${page}) p join story s on s.id = p.id order by s.received_at, s.id`),
            await queryRows<AnswerFactRow>(tx, sql`select ${ANSWER_COLUMNS} from (${page}) p join story_answer a on a.story_id = p.id`),
          ] as const,
          { isolationLevel: 'repeatable read', accessMode: 'read only' },
        );
        if (stories.length === 0) break;
        cols.addStories(stories.map(toFact));
        cols.addAnswers(answers);
        const last = stories.at(-1)!;
        after = { at: last.atText, id: last.id };
        if (stories.length < this.chunk || this.closed) break;
      }
      if (this.closed) return;
      // The first pull looks back a window before the load began: what committed during it.
      st.seenMicros = Number(head!.now);
      st.cols = cols;
      this.options.onLoaded?.(organisationId, cols.n, performance.now() - t0);
    } catch (err) {
      this.options.onError?.(err, organisationId);
      st.retryAt = Date.now() + Math.min(60_000, 1000 * 2 ** Math.min(st.reloads++, 6));
    }
  }

  /** One pull at a time; a caller joins a pull that has not started yet, or queues the next. */
  private pull(organisationId: string, st: OrgState): Promise<void> {
    if (st.waiting) return st.waiting;
    const previous = st.tail;
    const p: Promise<void> = (async () => {
      await previous?.catch(() => {});
      st.waiting = null;
      await this.pullNow(organisationId, st);
    })();
    st.waiting = p;
    st.tail = p;
    return p;
  }

  private async pullNow(organisationId: string, st: OrgState): Promise<void> {
    const cols = st.cols;
    if (!cols) return;
    const since = Math.round(st.seenMicros - this.windowMicros);
    // The stories from the newest held on (usually just the new ones); a late commit below it shows
    // as a different count in the window, and then the window's keys are read.
    const newest = cols.n > 0 ? Math.max(since, cols.at.a[cols.n - 1]!) : since;
    // The bound written into the statement, not sent as a parameter: a generic plan would guess a
    // third of the stories are newer and scan the whole table on every pull (measured under load:
    // 36 full scans a second); with the value the planner sees a few recent rows and takes the index.
    const after = (micros: number) => sql.raw(`(timestamptz 'epoch' + ${Math.trunc(micros)}::int8 * interval '1 microsecond')`);
    type Row = { now: string; total: number; windowed: number; fingerprint: string; id: string | null; atMicros: string | null };
    // One statement, one snapshot: the clock, the exact count, the window's count and fingerprint
    // (the sum of the ids' first 32 bits, so a deletion and a late story cannot cancel out), and
    // the keys of the stories from `from` on.
    const pullSql = (from: number) =>
      sql`select h.now, h.total, h.windowed, h.fingerprint, r.id, r."atMicros" from
            (select ${NOW_MICROS} as now, ${storyTotalSql(organisationId)} as total, w.windowed, w.fingerprint
             from (select count(*)::int as windowed, coalesce(sum(('x' || substr(s.id::text, 1, 8))::bit(32)::int::int8), 0)::text as fingerprint
                   from story s where s.organisation_id = ${organisationId} and s.received_at > ${after(since)}) w) h
          left join (select s.id::text as id, ${sql.raw(micros('s.received_at'))} as "atMicros" from story s
                     where s.organisation_id = ${organisationId} and s.received_at >= ${after(from)}) r on true`;
    const unknown = (r: { id: string | null; atMicros: string | null }) => r.id !== null && !cols.has(r.id, Number(r.atMicros));
    // Usually only the stories from the newest held on are new.
    let rows = await queryRows<Row>(this.db, pullSql(newest));
    const inWindow = rows.filter((r) => unknown(r) && Number(r.atMicros) > since);
    const held = cols.windowFingerprint(since);
    if (held.count + inWindow.length !== rows[0]!.windowed || BigInt(held.sum) + inWindow.reduce((a, r) => a + BigInt(idHead(r.id!)), 0n) !== BigInt(rows[0]!.fingerprint)) {
      // A story committed late, below the newest held (or one was deleted): the window's keys, with
      // the clock and the count of that same snapshot.
      rows = await queryRows<Row>(this.db, pullSql(since + 1));
    }
    const head = rows[0]!;
    if (head.total > this.maxStories) {
      st.tooLarge = true;
      st.cols = null;
      return;
    }
    const fresh = rows.filter(unknown).map((r) => r.id!);
    if (fresh.length > this.chunk) {
      // A bulk import: loading again is cheaper than adding them one by one.
      this.reload(organisationId, st);
      return;
    }
    if (fresh.length) {
      // One parameter, whatever the number of ids (uuids need no quoting in an array literal).
      const ids = sql`${`{${fresh.join(',')}}`}::uuid[]`;
      const [stories, answers] = [
        await queryRows<StoryRow>(this.db, sql`select ${STORY_COLUMNS} from story s where s.id = any(${ids}) and s.organisation_id = ${organisationId} order by s.received_at, s.id`),
        await queryRows<AnswerFactRow>(this.db, sql`select ${ANSWER_COLUMNS} from story_answer a where a.story_id = any(${ids})`),
      ];
      cols.addStories(stories.map(toFact));
      cols.addAnswers(answers);
    }
    st.seenMicros = Number(head.now);
    // Something the window cannot see (a deletion, an old-dated story, a write slower than the window).
    if (cols.n !== head.total) this.reload(organisationId, st);
    else st.reloads = 0;
  }
}
