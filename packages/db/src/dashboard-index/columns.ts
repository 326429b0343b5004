import type { AnswerFact, Channel, TellerKind } from '@vertelpunt/core';
import type { AnswerCondition, AnswerCountRow, CountRow, DashboardFilter, Grain, PointRow } from '../repos/dashboard.ts';
import type { OutcomeGroupRow } from '../repos/pipeline.ts';

/**
 * One organisation's stories as columns in memory: the read model behind the dashboard calls
 * the rollups cannot answer (a brushed region, answer counts under an answer filter, what
 * works). A filter is a pass over typed arrays instead of a join over millions of answer rows.
 *
 * It mirrors the SQL of repos/dashboard.ts and repos/pipeline.ts exactly (the tests compare
 * both on the same database): days are the organisation-local days PostgreSQL computed, values
 * are the same doubles, NaN stands for NULL (every comparison with it is false, as in SQL).
 * Rows stay sorted by (received_at, id), so a period is a range found by binary search and the
 * newest stories are the last rows. `index.ts` keeps it current.
 */

/** A story as the index loads it (received_at in microseconds since the epoch, day = local days since 1970-01-01). */
export interface StoryFact {
  id: string;
  atMicros: number;
  day: number;
  collectionId: string;
  channel: Channel;
  tellerKind: TellerKind;
  teamId: string | null;
}

/** One story_answer row: an answer fact of a story (its write-in text is not needed here). */
export type AnswerFactRow = Omit<AnswerFact, 'text'> & { storyId: string };

type Typed = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
type TypedCtor<T extends Typed> = { new (n: number): T };

/** A growable typed column; `stride` values per row. */
class Column<T extends Typed> {
  a: T;
  constructor(
    private readonly ctor: TypedCtor<T>,
    readonly stride: number,
    readonly empty: number,
    capacity: number,
  ) {
    this.a = new ctor(capacity * stride);
    if (empty !== 0) this.a.fill(empty);
  }
  grow(capacity: number): void {
    const next = new this.ctor(capacity * this.stride);
    if (this.empty !== 0) next.fill(this.empty);
    next.set(this.a);
    this.a = next;
  }
  /** Opens row `at` by moving rows at..n-1 one down, and empties it. */
  open(at: number, n: number): void {
    const s = this.stride;
    this.a.copyWithin((at + 1) * s, at * s, n * s);
    this.a.fill(this.empty, at * s, (at + 1) * s);
  }
}

/** Strings to small codes, in order of appearance. */
class Dict {
  readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  constructor(private readonly first = 0) {}
  code(v: string): number {
    let c = this.codes.get(v);
    if (c === undefined) {
      c = this.values.length + this.first;
      this.codes.set(v, c);
      this.values.push(v);
    }
    return c;
  }
  value(c: number): string {
    return this.values[c - this.first]!;
  }
}

/** Options per question a bit mask can hold; a question with more is left to SQL. */
const MAX_OPTIONS = 32;
const HAS_ANSWER = 1;
const NOT_APPLICABLE = 2;

class QuestionColumns {
  kind = '';
  readonly flags: Column<Uint8Array>;
  readonly options = new Dict();
  opts: Column<Uint32Array> | null = null;
  /** Too many options for the mask, or answered as two kinds: reads that need it go to SQL. */
  overflow = false;
  /** The answer's values (v1..v3 of story_answer), each allocated once a question has one. */
  v: [Column<Float64Array> | null, Column<Float64Array> | null, Column<Float64Array> | null] = [null, null, null];
  readonly items = new Dict();
  stones: { x: Column<Float64Array>; y: Column<Float64Array> }[] = [];

  constructor(private readonly table: StoryColumns) {
    this.flags = table.column(Uint8Array, 1, 0);
  }
  optionBit(optionId: string): number {
    const c = this.options.code(optionId);
    if (c >= MAX_OPTIONS) this.overflow = true;
    this.opts ??= this.table.column(Uint32Array, 1, 0);
    return c < MAX_OPTIONS ? 2 ** c : 0;
  }
  value(k: 0 | 1 | 2): Column<Float64Array> {
    return (this.v[k] ??= this.table.column(Float64Array, 1, NaN));
  }
  stone(itemId: string): { x: Column<Float64Array>; y: Column<Float64Array> } {
    const c = this.items.code(itemId);
    while (this.stones.length <= c) this.stones.push({ x: this.table.column(Float64Array, 1, NaN), y: this.table.column(Float64Array, 1, NaN) });
    return this.stones[c]!;
  }
}

const CHANNEL_CODES = new Dict();
const TELLER_CODES = new Dict();
const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * PostgreSQL's text of a float8: the shortest exact digits, as JavaScript's, but in exponent
 * form below 1e-4 and from 1e15 (JavaScript: 1e-7 and 1e21), with at least two exponent digits.
 */
export function pgFloatText(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (!Number.isFinite(v) || v === 0) return String(v);
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  return e < -4 || e >= 15 ? `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}` : String(v);
}

/** `dashboard_answer_key` for a dyad value: its twentieth. */
const dyadKey = (v: number) => `b${Math.min(19, Math.max(0, Math.floor(v * 20)))}`;

const hexWord = (w: number) => w.toString(16).padStart(8, '0');

export class StoryColumns {
  n = 0;
  private capacity: number;
  private readonly all: Column<Typed>[] = [];
  readonly at: Column<Float64Array>;
  readonly day: Column<Int32Array>;
  readonly id: Column<Uint32Array>;
  readonly collection: Column<Uint16Array>;
  readonly team: Column<Uint16Array>;
  readonly channel: Column<Uint8Array>;
  readonly teller: Column<Uint8Array>;
  readonly collections = new Dict();
  /** Team code 0 is "no team". */
  readonly teams = new Dict(1);
  readonly questions = new Map<string, QuestionColumns>();
  /** Rows of stories added since the last `addAnswers`, by id. */
  private pending = new Map<string, number>();

  constructor(capacity = 1024) {
    this.capacity = Math.max(16, capacity);
    this.at = this.column(Float64Array, 1, 0);
    this.day = this.column(Int32Array, 1, 0);
    this.id = this.column(Uint32Array, 4, 0);
    this.collection = this.column(Uint16Array, 1, 0);
    this.team = this.column(Uint16Array, 1, 0);
    this.channel = this.column(Uint8Array, 1, 0);
    this.teller = this.column(Uint8Array, 1, 0);
  }

  /** A new column of this table, sized to it. */
  column<T extends Typed>(ctor: TypedCtor<T>, stride: number, empty: number): Column<T> {
    const c = new Column(ctor, stride, empty, this.capacity);
    this.all.push(c as unknown as Column<Typed>);
    return c;
  }

  /** Whether the story with this id and received_at is held (binary search on the sort key). */
  has(id: string, atMicros: number): boolean {
    const words = idWords(id);
    const i = this.lowerBound(atMicros, words);
    return i < this.n && this.at.a[i] === atMicros && compareId(this.id.a, i, words) === 0;
  }

  /** Adds stories (any order); their answers follow with `addAnswers`. Returns how many were new. */
  addStories(stories: readonly StoryFact[]): number {
    let added = 0;
    for (const s of stories) {
      const words = idWords(s.id);
      const i = this.lowerBound(s.atMicros, words);
      if (i < this.n && this.at.a[i] === s.atMicros && compareId(this.id.a, i, words) === 0) continue;
      if (this.n === this.capacity) this.grow();
      // Stories arrive in time order, so this is nearly always the end; a late one opens a row.
      if (i < this.n) {
        for (const c of this.all) c.open(i, this.n);
        for (const [key, row] of this.pending) if (row >= i) this.pending.set(key, row + 1);
      }
      this.n++;
      this.at.a[i] = s.atMicros;
      this.day.a[i] = s.day;
      this.id.a.set(words, i * 4);
      this.collection.a[i] = this.collections.code(s.collectionId);
      this.team.a[i] = s.teamId === null ? 0 : this.teams.code(s.teamId);
      this.channel.a[i] = CHANNEL_CODES.code(s.channel);
      this.teller.a[i] = TELLER_CODES.code(s.tellerKind);
      this.pending.set(s.id, i);
      added++;
    }
    return added;
  }

  /** The answers of the stories just added (rows of other stories are ignored). */
  addAnswers(rows: readonly AnswerFactRow[]): void {
    for (const r of rows) {
      const i = this.pending.get(r.storyId);
      if (i === undefined) continue;
      let q = this.questions.get(r.questionId);
      if (!q) this.questions.set(r.questionId, (q = new QuestionColumns(this)));
      // One id asked as another kind in another framework: its keys depend on each row's kind, so SQL answers.
      if (q.kind && q.kind !== r.kind) q.overflow = true;
      q.kind ||= r.kind;
      q.flags.a[i]! |= HAS_ANSWER | (r.notApplicable ? NOT_APPLICABLE : 0);
      if (r.optionId !== null) {
        const bit = q.optionBit(r.optionId);
        q.opts!.a[i]! |= bit;
      }
      if (r.itemId !== null) {
        const s = q.stone(r.itemId);
        s.x.a[i] = r.v1 ?? NaN;
        s.y.a[i] = r.v2 ?? NaN;
      } else if (r.v1 !== null && r.optionId === null) {
        q.value(0).a[i] = r.v1;
        if (r.v2 !== null) q.value(1).a[i] = r.v2;
        if (r.v3 !== null) q.value(2).a[i] = r.v3;
      }
    }
    this.pending.clear();
  }

  private grow(): void {
    this.capacity *= 2;
    for (const c of this.all) c.grow(this.capacity);
  }

  /** First row at or after (atMicros, id). */
  private lowerBound(atMicros: number, words: Uint32Array): number {
    const at = this.at.a;
    let lo = 0;
    let hi = this.n;
    // Appends are the common case: check the end first.
    if (hi > 0 && (at[hi - 1]! < atMicros || (at[hi - 1] === atMicros && compareId(this.id.a, hi - 1, words) < 0))) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! < atMicros || (at[mid] === atMicros && compareId(this.id.a, mid, words) < 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many rows were received after `atMicros`, and the sum of their ids' first 32 bits (signed). */
  windowFingerprint(atMicros: number): { count: number; sum: number } {
    const from = this.n - this.countAfter(atMicros);
    let sum = 0;
    for (let i = from; i < this.n; i++) sum += this.id.a[i * 4]! | 0;
    return { count: this.n - from, sum };
  }

  /** How many rows were received after `atMicros`. */
  countAfter(atMicros: number): number {
    const at = this.at.a;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! <= atMicros) lo = mid + 1;
      else hi = mid;
    }
    return this.n - lo;
  }

  /** First row whose day is >= day. */
  private dayBound(day: number): number {
    const d = this.day.a;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  storyId(i: number): string {
    const a = this.id.a;
    const h = hexWord(a[i * 4]!) + hexWord(a[i * 4 + 1]!) + hexWord(a[i * 4 + 2]!) + hexWord(a[i * 4 + 3]!);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /**
   * Whether the index can answer reads of these questions: a question with more options than
   * a mask holds, or asked as different kinds by different frameworks, is left to SQL.
   */
  answers(questionIds: readonly string[]): boolean {
    return questionIds.every((q) => !this.questions.get(q)?.overflow);
  }

  /** The rows of the filtered stories, ascending (oldest first); null where SQL must answer. */
  select(f: DashboardFilter): Int32Array | null {
    if (!this.answers((f.answers ?? []).map((c) => c.questionId))) return null;
    const lo = f.from ? this.dayBound(dayOf(f.from)) : 0;
    const hi = f.to ? this.dayBound(dayOf(f.to) + 1) : this.n;
    const allowed = (dict: { codes: Map<string, number> }, values: readonly (string | null)[] | undefined, size: number) => {
      if (!values?.length) return null;
      const ok = new Uint8Array(size);
      for (const v of values) {
        if (v === null) ok[0] = 1;
        else {
          const c = dict.codes.get(v);
          if (c !== undefined) ok[c] = 1;
        }
      }
      return ok;
    };
    const coll = allowed(this.collections, f.collectionIds, 65536);
    const team = allowed(this.teams, f.teamIds, 65536);
    const chan = allowed(CHANNEL_CODES, f.channels, 256);
    const tell = allowed(TELLER_CODES, f.tellerKinds, 256);
    const c = this.collection.a;
    const t = this.team.a;
    const ch = this.channel.a;
    const te = this.teller.a;
    const rows = new Int32Array(Math.max(0, hi - lo));
    let m = 0;
    for (let i = lo; i < hi; i++) {
      if ((coll && !coll[c[i]!]) || (team && !team[t[i]!]) || (chan && !chan[ch[i]!]) || (tell && !tell[te[i]!])) continue;
      rows[m++] = i;
    }
    for (const cond of f.answers ?? []) m = this.keep(rows, m, cond);
    return rows.subarray(0, m);
  }

  /** Keeps the first m rows that meet the condition; returns how many. */
  private keep(rows: Int32Array, m: number, c: AnswerCondition): number {
    const q = this.questions.get(c.questionId);
    if (!q) return 0;
    const flags = q.flags.a;
    let k = 0;
    switch (c.kind) {
      case 'option': {
        if (!q.opts) return 0;
        let mask = 0;
        for (const o of c.optionIds) {
          const code = q.options.codes.get(o);
          if (code !== undefined) mask |= 2 ** code;
        }
        const opts = q.opts.a;
        for (let j = 0; j < m; j++) if ((opts[rows[j]!]! & mask) !== 0) rows[k++] = rows[j]!;
        return k;
      }
      case 'range': {
        // `option_id is null and not not_applicable and v1 between min and max`, for every row of the answer.
        if (q.kind === 'stones') {
          for (let j = 0; j < m; j++) {
            const i = rows[j]!;
            if (flags[i]! & NOT_APPLICABLE) continue;
            if (q.stones.some((s) => s.x.a[i]! >= c.min && s.x.a[i]! <= c.max)) rows[k++] = i;
          }
          return k;
        }
        if (!q.v[0]) return 0;
        const v1 = q.v[0].a;
        for (let j = 0; j < m; j++) {
          const i = rows[j]!;
          if (!(flags[i]! & NOT_APPLICABLE) && v1[i]! >= c.min && v1[i]! <= c.max) rows[k++] = i;
        }
        return k;
      }
      case 'triad': {
        // No third value (a dyad, a scale): NULL in SQL, no match.
        if (!q.v[0] || !q.v[2] || q.kind === 'stones') return 0;
        const [v1, v3] = [q.v[0].a, q.v[2].a];
        for (let j = 0; j < m; j++) {
          const i = rows[j]!;
          if (flags[i]! & NOT_APPLICABLE) continue;
          const x = v1[i]! / 2 + v3[i]!;
          const y = TRIAD_H * (1 - v1[i]!);
          if (x >= c.x0 && x <= c.x1 && y >= c.y0 && y <= c.y1) rows[k++] = i;
        }
        return k;
      }
      case 'stone': {
        const code = q.items.codes.get(c.itemId);
        if (code === undefined) return 0;
        const { x, y } = q.stones[code]!;
        for (let j = 0; j < m; j++) {
          const i = rows[j]!;
          if (!(flags[i]! & NOT_APPLICABLE) && x.a[i]! >= c.x0 && x.a[i]! <= c.x1 && y.a[i]! >= c.y0 && y.a[i]! <= c.y1) rows[k++] = i;
        }
        return k;
      }
    }
  }

  /** As `storyCounts`: stories per time bucket and dimension. */
  storyCounts(f: DashboardFilter, grain: Grain): CountRow[] | null {
    const rows = this.select(f);
    if (!rows) return null;
    const bucketOf = new Map<number, number>();
    const bucket = (day: number) => {
      let b = bucketOf.get(day);
      if (b === undefined) bucketOf.set(day, (b = grainStart(day, grain)));
      return b;
    };
    const d = this.day.a;
    const c = this.collection.a;
    const t = this.team.a;
    const ch = this.channel.a;
    const te = this.teller.a;
    // Per bucket, per dimension key: collection and team (16 bits each), channel and teller kind (4 bits each).
    const byBucket = new Map<number, Map<number, number>>();
    let lastDay = NaN;
    let counts = new Map<number, number>();
    for (const i of rows) {
      if (d[i] !== lastDay) {
        lastDay = d[i]!;
        const b = bucket(lastDay);
        let m = byBucket.get(b);
        if (!m) byBucket.set(b, (m = new Map()));
        counts = m;
      }
      const key = (c[i]! * 65536 + t[i]!) * 256 + ch[i]! * 16 + te[i]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const out: CountRow[] = [];
    for (const [b, m] of byBucket) {
      const iso = isoOf(b);
      for (const [key, n] of m) {
        const dims = Math.floor(key / 256);
        const team = dims % 65536;
        out.push({
          bucket: iso,
          collectionId: this.collections.value(Math.floor(dims / 65536)),
          channel: CHANNEL_CODES.value(Math.floor(key / 16) % 16) as Channel,
          tellerKind: TELLER_CODES.value(key % 16) as TellerKind,
          teamId: team === 0 ? null : this.teams.value(team),
          n,
        });
      }
    }
    return out;
  }

  count(f: DashboardFilter): number | null {
    return this.select(f)?.length ?? null;
  }

  /**
   * As `filteredStories` (and `listStories`), the ids only: the newest `limit` filtered stories
   * after the keyset of the previous page (received_at, id), newest first.
   */
  newest(f: DashboardFilter, limit: number, after?: { receivedAt: Date; id: string }): string[] | null {
    const rows = this.select(f);
    if (!rows) return null;
    let end = rows.length;
    if (after) {
      // The list's keyset: received_at (milliseconds, as the cursor carries it) and id.
      const atMicros = after.receivedAt.getTime() * 1000;
      const words = idWords(after.id);
      // The first selected row at or after the keyset; rows are sorted, so a binary search.
      let lo = 0;
      while (lo < end) {
        const mid = (lo + end) >>> 1;
        const i = rows[mid]!;
        if (this.at.a[i]! < atMicros || (this.at.a[i] === atMicros && compareId(this.id.a, i, words) < 0)) lo = mid + 1;
        else end = mid;
      }
    }
    const out: string[] = [];
    for (let j = end - 1; j >= 0 && out.length < limit; j--) out.push(this.storyId(rows[j]!));
    return out;
  }

  /** As `answerCounts`: per question and `dashboard_answer_key`, how many. */
  answerCounts(f: DashboardFilter, questionIds: readonly string[]): AnswerCountRow[] | null {
    if (!this.answers(questionIds)) return null;
    const rows = this.select(f);
    if (!rows) return null;
    const out: AnswerCountRow[] = [];
    for (const questionId of new Set(questionIds)) {
      const q = this.questions.get(questionId);
      if (!q) continue;
      const counts = new Map<string, number>();
      const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
      const flags = q.flags.a;
      const choice = q.kind === 'singleChoice' || q.kind === 'multipleChoice';
      const opts = q.opts?.a;
      const v1 = q.v[0]?.a;
      let na = 0;
      const perOption = new Float64Array(MAX_OPTIONS);
      for (const i of rows) {
        const fl = flags[i]!;
        if (!(fl & HAS_ANSWER)) continue;
        if (fl & NOT_APPLICABLE) na++;
        if (choice && opts) {
          for (let bits = opts[i]!, b = 0; bits !== 0; bits >>>= 1, b++) if (bits & 1) perOption[b]!++;
        } else if (v1 && !Number.isNaN(v1[i]!) && !(fl & NOT_APPLICABLE)) {
          if (q.kind === 'dyad') add(dyadKey(v1[i]!));
          else if (q.kind === 'scale') add(`v${pgFloatText(v1[i]!)}`);
        }
      }
      if (na) counts.set('na', na);
      perOption.forEach((n, b) => n && counts.set(q.options.value(b), n));
      for (const [key, n] of counts) out.push({ questionId, key, n });
    }
    return out;
  }

  /** As `points`: the two-dimensional answers of the newest `limit` filtered stories. */
  points(f: DashboardFilter, questionIds: readonly string[], limit: number): PointRow[] | null {
    const rows = this.select(f);
    if (!rows) return null;
    const newest = rows.subarray(Math.max(0, rows.length - limit));
    const out: PointRow[] = [];
    for (const questionId of new Set(questionIds)) {
      const q = this.questions.get(questionId);
      if (!q) continue;
      const flags = q.flags.a;
      for (const i of newest) {
        if (flags[i]! & NOT_APPLICABLE) continue;
        if (q.v[0] && !Number.isNaN(q.v[0].a[i]!)) {
          const [v2, v3] = [q.v[1]?.a[i] ?? NaN, q.v[2]?.a[i] ?? NaN];
          out.push({ storyId: this.storyId(i), questionId, itemId: null, v1: q.v[0].a[i]!, v2: Number.isNaN(v2) ? null : v2, v3: Number.isNaN(v3) ? null : v3 });
        }
        q.stones.forEach((s, code) => {
          if (Number.isNaN(s.x.a[i]!)) return;
          const y = s.y.a[i]!;
          out.push({ storyId: this.storyId(i), questionId, itemId: q.items.value(code), v1: s.x.a[i]!, v2: Number.isNaN(y) ? null : y, v3: null });
        });
      }
    }
    return out;
  }

  /** As `outcomeGroups` without a pattern: per situation, intervention and outcome option, the sums. */
  outcomeGroups(q: { filter: DashboardFilter; collectionId: string; situation: string; intervention: string; outcome: string | null; value: string | null }): OutcomeGroupRow[] | null {
    const ids = [q.situation, q.intervention, q.outcome, q.value].filter((x): x is string => x !== null);
    if (!this.answers(ids)) return null;
    const coll = this.collections.codes.get(q.collectionId);
    if (coll === undefined || (q.filter.collectionIds && !q.filter.collectionIds.includes(q.collectionId))) return [];
    const rows = this.select({ ...q.filter, collectionIds: [q.collectionId] });
    if (!rows) return null;
    const sit = this.questions.get(q.situation)?.opts?.a;
    const itv = this.questions.get(q.intervention)?.opts?.a;
    if (!sit || !itv) return [];
    const outcome = q.outcome ? this.questions.get(q.outcome) : undefined;
    // max(option_id collate "C") of the outcome's rows: the largest option id, bytewise, among the chosen ones.
    const outOpts = outcome?.opts?.a;
    const byText = outcome ? [...outcome.options.values.keys()].sort((a, b) => (outcome.options.values[a]! < outcome.options.values[b]! ? -1 : 1)) : [];
    const value = q.value ? this.questions.get(q.value) : undefined;
    const valueFlags = value?.flags.a;
    const v1 = value?.v[0]?.a;
    // Sums per (situation bit, intervention bit, outcome code + 1), in flat arrays.
    const O = MAX_OPTIONS + 1;
    const cells = MAX_OPTIONS * MAX_OPTIONS * O;
    const n = new Float64Array(cells);
    const valueN = new Float64Array(cells);
    const valueSum = new Float64Array(cells);
    const valueSumSq = new Float64Array(cells);
    // The outcome option with the largest id by text wins where several are chosen (max(option_id)).
    const rank = new Int32Array(MAX_OPTIONS);
    byText.forEach((code, r) => (rank[code] = r));
    for (const i of rows) {
      const s = sit[i]!;
      const t = itv[i]!;
      if (s === 0 || t === 0) continue;
      let o = -1;
      if (outOpts) {
        for (let bits = outOpts[i]!; bits !== 0; bits &= bits - 1) {
          const b = 31 - Math.clz32(bits & -bits);
          if (o < 0 || rank[b]! > rank[o]!) o = b;
        }
      }
      const v = v1 && valueFlags && !(valueFlags[i]! & NOT_APPLICABLE) ? v1[i]! : NaN;
      for (let sBits = s; sBits !== 0; sBits &= sBits - 1) {
        const sb = 31 - Math.clz32(sBits & -sBits);
        for (let tBits = t; tBits !== 0; tBits &= tBits - 1) {
          const cell = (sb * MAX_OPTIONS + (31 - Math.clz32(tBits & -tBits))) * O + o + 1;
          n[cell]!++;
          if (!Number.isNaN(v)) {
            valueN[cell]!++;
            valueSum[cell]! += v;
            valueSumSq[cell]! += v * v;
          }
        }
      }
    }
    const sitDict = this.questions.get(q.situation)!.options;
    const itvDict = this.questions.get(q.intervention)!.options;
    const out: OutcomeGroupRow[] = [];
    for (let cell = 0; cell < cells; cell++) {
      if (n[cell] === 0) continue;
      const o = (cell % O) - 1;
      const pair = Math.floor(cell / O);
      out.push({
        situation: sitDict.value(Math.floor(pair / MAX_OPTIONS)),
        intervention: itvDict.value(pair % MAX_OPTIONS),
        outcomeOption: o < 0 ? null : outcome!.options.value(o),
        n: n[cell]!,
        valueN: valueN[cell]!,
        valueSum: valueSum[cell]!,
        valueSumSq: valueSumSq[cell]!,
      });
    }
    return out;
  }
}

const TRIAD_H = Math.sqrt(3) / 2;

function grainStart(day: number, grain: Grain): number {
  if (grain === 'day') return day;
  // 1970-01-01 was a Thursday; ISO weeks (date_trunc('week')) start on Monday.
  if (grain === 'week') return day - ((day + 3) % 7 + 7) % 7;
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
}

function idWords(id: string): Uint32Array {
  const h = id.replaceAll('-', '');
  return Uint32Array.of(parseInt(h.slice(0, 8), 16), parseInt(h.slice(8, 16), 16), parseInt(h.slice(16, 24), 16), parseInt(h.slice(24, 32), 16));
}

/** Row i's id against `words`, as PostgreSQL orders uuids (bytewise). */
function compareId(ids: Uint32Array, i: number, words: Uint32Array): number {
  for (let w = 0; w < 4; w++) {
    const d = ids[i * 4 + w]! - words[w]!;
    if (d !== 0) return d;
  }
  return 0;
}
