import { studentTQuantile, wilsonInterval } from './stats.ts';

export interface OutcomeRow {
  readonly situation: string;
  readonly intervention: string;
  readonly outcomePositive: boolean | null;
  readonly outcomeValue: number | null;
}

export interface WhatWorksOptions {
  /** Cells with fewer rows than this are suppressed (default 5). */
  readonly minN?: number;
  readonly confidence?: number;
}

export interface ShareEstimate {
  /** Rows with a known yes/no outcome. */
  readonly n: number;
  readonly share: number;
  /** Wilson score interval. */
  readonly low: number;
  readonly high: number;
}

export interface MeanEstimate {
  /** Rows with a numeric outcome. */
  readonly n: number;
  readonly mean: number;
  /** Student t interval with n - 1 degrees of freedom. */
  readonly low: number;
  readonly high: number;
}

export type WhatWorksCell =
  | { readonly situation: string; readonly intervention: string; readonly suppressed: true }
  | {
      readonly situation: string;
      readonly intervention: string;
      readonly suppressed: false;
      readonly n: number;
      /** Null when fewer than minN rows have a yes/no outcome. */
      readonly positive: ShareEstimate | null;
      /** Null when fewer than minN rows have a numeric outcome. */
      readonly value: MeanEstimate | null;
      /** positive.share divided by the situation's baseline share. */
      readonly lift: number | null;
    };

export type SituationBaseline =
  | { readonly situation: string; readonly suppressed: true }
  | {
      readonly situation: string;
      readonly suppressed: false;
      readonly share: number;
      /**
       * Present only when no cell of the situation is suppressed: with the totals and the
       * visible cells one could subtract one's way to a suppressed cell.
       */
      readonly detail?: ShareEstimate;
    };

export interface WhatWorksResult {
  readonly cells: WhatWorksCell[];
  readonly baselines: SituationBaseline[];
}

/**
 * What a group of rows adds up to: enough for every estimate (the value interval needs only the
 * sum and the sum of squares), so the database can aggregate and send a few groups instead of
 * a row per story.
 */
export interface OutcomeTally {
  /** Rows (story x intervention pairs). */
  n: number;
  /** Rows with a yes/no outcome, and how many of them yes. */
  known: number;
  positive: number;
  /** Rows with a numeric outcome, their sum and sum of squares. */
  valueN: number;
  valueSum: number;
  valueSumSq: number;
}

export interface OutcomeGroup extends OutcomeTally {
  readonly situation: string;
  readonly intervention: string;
}

const tally = (): OutcomeTally => ({ n: 0, known: 0, positive: 0, valueN: 0, valueSum: 0, valueSumSq: 0 });

function addTally(t: OutcomeTally, u: OutcomeTally): void {
  t.n += u.n;
  t.known += u.known;
  t.positive += u.positive;
  t.valueN += u.valueN;
  t.valueSum += u.valueSum;
  t.valueSumSq += u.valueSumSq;
}

function shareEstimate(t: OutcomeTally, confidence: number): ShareEstimate {
  const { low, high } = wilsonInterval(t.positive, t.known, confidence);
  return { n: t.known, share: t.positive / t.known, low, high };
}

function meanEstimate(t: OutcomeTally, confidence: number): MeanEstimate {
  const n = t.valueN;
  const mean = t.valueSum / n;
  // From the sums. Cancellation grows with the values' distance from zero: callers pass values
  // scaled to 0..1 (what-works scales the database's sums), where it stays far below what is shown.
  const variance = Math.max(0, (t.valueSumSq - n * mean * mean) / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { n, mean, low: mean - half, high: mean + half };
}

/** Rows summed per situation and intervention (what `whatWorksFromGroups` takes). */
export function groupOutcomes(rows: readonly OutcomeRow[]): OutcomeGroup[] {
  const groups = new Map<string, OutcomeGroup>();
  for (const row of rows) {
    const key = `${row.situation}\u0000${row.intervention}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { situation: row.situation, intervention: row.intervention, ...tally() };
      groups.set(key, g);
    }
    g.n++;
    if (row.outcomePositive !== null) {
      g.known++;
      if (row.outcomePositive) g.positive++;
    }
    if (row.outcomeValue !== null && Number.isFinite(row.outcomeValue)) {
      g.valueN++;
      g.valueSum += row.outcomeValue;
      g.valueSumSq += row.outcomeValue * row.outcomeValue;
    }
  }
  return [...groups.values()];
}

/**
 * What works per situation x intervention: how often the outcome was positive (Wilson
 * interval, which behaves at small n and near 0 or 1, unlike the normal approximation),
 * the mean outcome value (Student t interval, since cells are small), and lift against
 * the situation's baseline (all interventions in that situation together).
 *
 * Privacy: a cell with fewer than minN rows is reported as `{ suppressed: true }` only, so
 * neither its numbers nor its size can be read; an estimate inside a visible cell that
 * rests on fewer than minN rows is null for the same reason.
 */
export function whatWorks(rows: readonly OutcomeRow[], options: WhatWorksOptions = {}): WhatWorksResult {
  return whatWorksFromGroups(groupOutcomes(rows), options);
}

/** whatWorks from rows already summed per situation and intervention (by the database, say). */
export function whatWorksFromGroups(groups: readonly OutcomeGroup[], options: WhatWorksOptions = {}): WhatWorksResult {
  const minN = options.minN ?? 5;
  const confidence = options.confidence ?? 0.95;
  const situations = new Map<string, { total: OutcomeTally; cells: Map<string, OutcomeTally> }>();
  for (const g of groups) {
    let s = situations.get(g.situation);
    if (s === undefined) {
      s = { total: tally(), cells: new Map() };
      situations.set(g.situation, s);
    }
    addTally(s.total, g);
    let cell = s.cells.get(g.intervention);
    if (cell === undefined) {
      cell = tally();
      s.cells.set(g.intervention, cell);
    }
    addTally(cell, g);
  }

  const cells: WhatWorksCell[] = [];
  const baselines: SituationBaseline[] = [];
  for (const [situation, s] of [...situations].sort(([a], [b]) => a.localeCompare(b))) {
    const baseline = s.total.known >= minN ? shareEstimate(s.total, confidence) : null;
    let anySuppressed = false;
    for (const [intervention, t] of [...s.cells].sort(([a], [b]) => a.localeCompare(b))) {
      if (t.n < minN) {
        anySuppressed = true;
        cells.push({ situation, intervention, suppressed: true });
        continue;
      }
      const positive = t.known >= minN ? shareEstimate(t, confidence) : null;
      const value = t.valueN >= minN ? meanEstimate(t, confidence) : null;
      const lift = positive && baseline && baseline.share > 0 ? positive.share / baseline.share : null;
      cells.push({ situation, intervention, suppressed: false, n: t.n, positive, value, lift });
    }
    if (baseline === null) baselines.push({ situation, suppressed: true });
    else if (anySuppressed) baselines.push({ situation, suppressed: false, share: baseline.share });
    else baselines.push({ situation, suppressed: false, share: baseline.share, detail: baseline });
  }
  return { cells, baselines };
}
